import { describe, expect, it } from "vitest";
import { postgrestAnonRole as policy } from "../../policy/policies/postgrestAnonRole";
import { CONTAINER, violations } from "./policyArgs";

const rest = (envs: unknown) => ({
  type: CONTAINER,
  name: "rest",
  props: { name: "archon-rest", image: "postgrest/postgrest:v12.2.12", envs },
});
const deployment = (env: unknown[]) => ({
  type: "kubernetes:apps/v1:Deployment",
  name: "rest",
  props: {
    metadata: { name: "rest", namespace: "supabase" },
    spec: { template: { spec: { containers: [{ name: "postgrest", env }] } } },
  },
});

describe("postgrest-anon-role", () => {
  it("passes Supabase's anon role and containers that are not PostgREST", async () => {
    expect(await violations(policy, rest(["PGRST_DB_ANON_ROLE=anon", "X=1"]))).toEqual([]);
    expect(await violations(policy, rest(["PGRST_DB_URI=postgres://x"]))).toEqual([]);
    expect(await violations(policy, rest(undefined))).toEqual([]);
    expect(
      await violations(policy, deployment([{ name: "PGRST_DB_ANON_ROLE", value: "web_anon" }])),
    ).toEqual([]);
  });

  it.each([
    "service_role",
    "supabase_admin",
    "postgres",
    "authenticator",
    "authenticated",
    "supabase_read_only_user",
    "supabase_auth_admin",
    "SERVICE_ROLE",
    " postgres",
  ])("fails a container serving anonymous requests as %j", async (role) => {
    expect(await violations(policy, rest([`PGRST_DB_ANON_ROLE=${role}`]))).toEqual([
      `container archon-rest serves anonymous requests as ${role}, a privileged role`,
    ]);
  });

  // Roles supabase/postgres' init scripts create with CREATEROLE or REPLICATION (migrations/db/
  // init-scripts 00000000000000, 00000000000002, 00000000000003): each would hand the API to anyone.
  it.each([
    "supabase_storage_admin",
    "supabase_functions_admin",
    "supabase_replication_admin",
    "dashboard_user",
    // A login role (its password is set from POSTGRES_PASSWORD, docker/volumes/db/roles.sql) and
    // Realtime's admin role, both created by the image's init scripts.
    "pgbouncer",
    "supabase_realtime_admin",
  ])("fails the image's admin role %s", async (role) => {
    expect(await violations(policy, rest([`PGRST_DB_ANON_ROLE=${role}`]))).toHaveLength(1);
  });

  it("reads only the PGRST_DB_ANON_ROLE entry, whatever else the env holds", async () => {
    const envs = [
      42,
      null,
      "PGRST_DB_ANON_ROLE_OLD=service_role",
      "X_PGRST_DB_ANON_ROLE=postgres",
      // As long as the anonymous role's name: only the name tells them apart.
      "PGRST_DB_USER_ROLE=postgres",
    ];
    expect(await violations(policy, rest(envs))).toEqual([]);
    expect(await violations(policy, rest([...envs, "PGRST_DB_ANON_ROLE=postgres"]))).toEqual([
      "container archon-rest serves anonymous requests as postgres, a privileged role",
    ]);
    const fromSecret = { name: "PGRST_DB_ANON_ROLE", valueFrom: { secretKeyRef: { name: "s" } } };
    const other = { name: "PGRST_DB_ANON_ROLE_OLD", value: "service_role" };
    expect(await violations(policy, deployment([null, fromSecret, other]))).toEqual([]);
    expect(await violations(policy, deployment(undefined as unknown as unknown[]))).toEqual([]);
  });

  it("fails PostgreSQL's predefined roles, which read or write every table", async () => {
    expect(await violations(policy, rest(["PGRST_DB_ANON_ROLE=pg_read_all_data"]))).toEqual([
      "container archon-rest serves anonymous requests as pg_read_all_data, a PostgreSQL predefined role",
    ]);
  });

  it("fails a Kubernetes workload and a swarm service the same way", async () => {
    expect(
      await violations(policy, deployment([{ name: "PGRST_DB_ANON_ROLE", value: "service_role" }])),
    ).toEqual([
      "rest container postgrest serves anonymous requests as service_role, a privileged role",
    ]);
    const service = {
      type: "docker:index/service:Service",
      name: "rest",
      props: {
        name: "rest-svc",
        taskSpec: { containerSpec: { image: "x:1", env: { PGRST_DB_ANON_ROLE: "postgres" } } },
      },
    };
    expect(await violations(policy, service)).toEqual([
      "service rest-svc serves anonymous requests as postgres, a privileged role",
    ]);
  });

  it("takes the list of privileged roles from config", async () => {
    const config = { privilegedRoles: ["web_admin"] };
    expect(await violations(policy, rest(["PGRST_DB_ANON_ROLE=web_admin"]), config)).toHaveLength(
      1,
    );
    expect(await violations(policy, rest(["PGRST_DB_ANON_ROLE=service_role"]), config)).toEqual([]);
  });

  it("tells the operator which variable to set, to what, and how privileged requests still work", () => {
    expect(policy.remediationSteps).toContain("PGRST_DB_ANON_ROLE");
    expect(policy.remediationSteps).toContain("`anon`");
    expect(policy.remediationSteps).toMatch(/service_role .*JWT/);
  });
});
