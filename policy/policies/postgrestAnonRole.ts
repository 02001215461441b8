import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { containerName, DOCKER_CONTAINER, dockerContainerOf } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { describeContainer, workloadOf } from "../lib/podSpecs";
import { stringListSchema } from "../lib/stringList";

const ANON_ROLE = "PGRST_DB_ANON_ROLE";

/**
 * Roles of the Supabase image (supabase/postgres migrations/db/init-scripts, see
 * docs/contracts/supabase.md): superusers, roles that bypass row-level security, the roles of
 * Supabase's own services, and `authenticated`, whose grants are for logged-in users.
 */
const PRIVILEGED_ROLES = [
  "postgres",
  "supabase_admin",
  "service_role",
  "authenticator",
  "authenticated",
  "supabase_auth_admin",
  "supabase_storage_admin",
  "supabase_functions_admin",
  "supabase_replication_admin",
  "supabase_read_only_user",
  "supabase_realtime_admin",
  "dashboard_user",
  "pgbouncer",
];

const configSchema: PolicyConfigSchema = {
  properties: {
    privilegedRoles: stringListSchema(
      "Roles PostgREST must not use for requests without a JWT (pg_* roles always count)",
      PRIVILEGED_ROLES,
    ),
  },
};

/** Why `role` must not serve anonymous requests, or undefined when it may. */
function privilegeOf(role: string, privileged: readonly string[]): string | undefined {
  const lower = role.trim().toLowerCase();
  if (lower.startsWith("pg_")) {
    return "a PostgreSQL predefined role";
  }
  return privileged.some((p) => p.toLowerCase() === lower) ? "a privileged role" : undefined;
}

/** `PGRST_DB_ANON_ROLE` values given literally to Docker containers and Kubernetes workloads. */
function anonRoles(type: string, props: unknown): { who: string; role: string }[] {
  const docker = dockerContainerOf(type, props);
  if (docker) {
    const envs = Array.isArray(docker.envs) ? docker.envs : [];
    return envs
      .filter((e): e is string => typeof e === "string" && e.startsWith(`${ANON_ROLE}=`))
      .map((e) => ({ who: "", role: e.slice(ANON_ROLE.length + 1) }));
  }
  return (
    workloadOf(type, readKnown(props))?.containers.flatMap((container) =>
      (Array.isArray(container.spec.env) ? container.spec.env : [])
        .filter((e) => e?.name === ANON_ROLE && typeof e.value === "string")
        .map((e) => ({ who: ` ${describeContainer(container)}`, role: e.value as string })),
    ) ?? []
  );
}

/**
 * PostgREST serves every request without a JWT as its anonymous role. A superuser, a role with
 * BYPASSRLS (service_role) or a service's admin role there hands the whole API to anyone who can
 * reach it, past every row-level security policy.
 */
export const postgrestAnonRole: ResourceValidationPolicy = {
  name: "postgrest-anon-role",
  description:
    "PostgREST's anonymous role (PGRST_DB_ANON_ROLE) is not a superuser, a role that bypasses row-level security, one of Supabase's service roles, or a pg_* predefined role.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Set PGRST_DB_ANON_ROLE to Supabase's `anon` (NOLOGIN, no BYPASSRLS): requests with a " +
    "service_role key switch to service_role through the JWT, never by default.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const config = configWithDefaults<{ privilegedRoles: string[] }>(
      configSchema,
      args.getConfig(),
    );
    const props = readKnown(args.props).value;
    for (const { who, role } of anonRoles(args.type, props)) {
      const problem = privilegeOf(role, config.privilegedRoles);
      if (problem) {
        const docker = dockerContainerOf(args.type, props);
        const subject = docker
          ? `${args.type === DOCKER_CONTAINER ? "container" : "service"} ${containerName(docker, args.name)}`
          : `${args.name}${who}`;
        reportViolation(`${subject} serves anonymous requests as ${role}, ${problem}`);
      }
    }
  },
};
