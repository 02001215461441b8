import * as jwt from "jsonwebtoken";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BACKUP_IMAGE } from "../../../components/backups/docker/postgresBackups";
import { DEFAULT_SUPABASE_IMAGES } from "../../../components/database/images";
import {
  scramSha256Verifier,
  verifierEnvName,
} from "../../../components/database/kubernetes/provisioningSql";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import {
  containerOf,
  envOf,
  k8s,
  outputs,
  podSpecOf,
  synthServices,
  TYPES,
} from "./servicesFixture";

let stack: SynthResult;
let again: SynthResult;
let withNextcloud: SynthResult;

beforeAll(async () => {
  stack = await synthServices();
  again = await synthServices();
  withNextcloud = await synthServices({ "services:nextcloudEnabled": "true" });
});

// The provisioning Job; Ollama's model pull is a Job too, in its own namespace.
const jobsOf = (result: SynthResult) =>
  resourcesOfType(result, TYPES.job).filter(
    (j) => plainInputs(j).metadata.namespace === "supabase",
  );

describe("Supabase's PostgreSQL on Kubernetes", () => {
  it("keeps the four Supabase credentials in the Secret supabase-secrets", () => {
    const data = plainInputs(k8s(stack, TYPES.secret, "supabase-secrets", "supabase")).stringData;
    expect(Object.keys(data).sort()).toEqual([
      "ANON_KEY",
      "JWT_SECRET",
      "POSTGRES_PASSWORD",
      "SERVICE_ROLE_KEY",
    ]);
    const out = outputs(stack);
    expect(data.POSTGRES_PASSWORD).toBe(out.supabasePostgresPassword);
    expect(data.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    // Signed exactly as on archon-prod: HS256 with the JWT secret, roles anon and service_role.
    const anon = jwt.verify(data.ANON_KEY, data.JWT_SECRET, { algorithms: ["HS256"] });
    const service = jwt.verify(data.SERVICE_ROLE_KEY, data.JWT_SECRET, { algorithms: ["HS256"] });
    expect(anon).toMatchObject({ role: "anon", iss: "supabase" });
    expect(service).toMatchObject({ role: "service_role", iss: "supabase" });
    expect(data.ANON_KEY).toBe(out.supabaseAnonKey);
  });

  it("runs archon-prod's Supabase Postgres image as the StatefulSet supabase-db on its claim", () => {
    const sts = k8s(stack, TYPES.statefulSet, "supabase-db", "supabase");
    const container = containerOf(sts);
    expect(container.image).toBe(DEFAULT_SUPABASE_IMAGES.postgres);
    // The image's entrypoint must run (initdb, Supabase's roles): settings go to args.
    expect(container.command).toBeUndefined();
    expect(container.args.slice(0, 3)).toEqual([
      "postgres",
      "-c",
      "config_file=/etc/postgresql/postgresql.conf",
    ]);
    expect(plainInputs(sts).spec.replicas).toBe(1);
    expect(envOf(sts)).toMatchObject({
      POSTGRES_PASSWORD: "secret:supabase-secrets/POSTGRES_PASSWORD",
    });
    // The image initializes as its own superuser; another POSTGRES_USER aborts its migrate.sh.
    expect(envOf(sts)).not.toHaveProperty("POSTGRES_USER");
    // Nothing in the server reads JWT settings (the image's jwt.sql is not mounted).
    expect(envOf(sts)).not.toHaveProperty("JWT_SECRET");
    const data = podSpecOf(sts).volumes.find((v: { name: string }) => v.name === "data");
    expect(data.persistentVolumeClaim.claimName).toBe("supabase-db-data");
    expect(container.volumeMounts[0]).toMatchObject({
      mountPath: "/var/lib/postgresql/data",
      subPath: "pgdata",
    });
  });

  it("keeps /etc/postgresql-custom (the Vault root key) on its own claim, seeded from the image", () => {
    const sts = k8s(stack, TYPES.statefulSet, "supabase-db", "supabase");
    const spec = podSpecOf(sts);
    const claimOf = (volume: string) =>
      spec.volumes.find((v: { name: string }) => v.name === volume)?.persistentVolumeClaim
        ?.claimName;
    const mount = containerOf(sts).volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === "/etc/postgresql-custom",
    );
    expect(claimOf(mount.name)).toBe("supabase-db-config");
    const claim = k8s(stack, TYPES.claim, "supabase-db-config", "supabase");
    expect(claim.options.protect).toBe(true);
    expect(claim.options.retainOnDelete).toBe(true);
    // An empty claim would hide the image's includes; the init container copies them first, into
    // the same sub-directory the server mounts.
    const [init] = spec.initContainers;
    expect(init.image).toBe(containerOf(sts).image);
    const seeded = init.volumeMounts.find((m: { name: string }) => m.name === mount.name);
    expect(init.command.join(" ")).toContain(`${seeded.mountPath}/${mount.subPath}`);
  });

  it("lets Pulumi wait longer than the first boot's start allowance", () => {
    const sts = k8s(stack, TYPES.statefulSet, "supabase-db", "supabase");
    const startup = containerOf(sts).startupProbe;
    const allowance = startup.periodSeconds * startup.failureThreshold;
    const minutes = Number.parseInt(sts.options.customTimeouts?.create ?? "10m", 10);
    expect(minutes * 60).toBeGreaterThan(allowance);
  });

  it("names its pods through a headless Service", () => {
    const sts = plainInputs(k8s(stack, TYPES.statefulSet, "supabase-db", "supabase"));
    const governing = plainInputs(k8s(stack, TYPES.service, sts.spec.serviceName, "supabase"));
    expect(governing.spec.clusterIP).toBe("None");
    expect(governing.spec.selector).toEqual(sts.spec.selector.matchLabels);
  });

  it("is reachable only inside the cluster, on 5432", () => {
    const service = plainInputs(k8s(stack, TYPES.service, "supabase-db", "supabase"));
    expect(service.spec.type).toBe("ClusterIP");
    expect(service.spec.ports).toEqual([{ name: "postgres", port: 5432, targetPort: "postgres" }]);
    expect(outputs(stack).supabasePostgresUrl).toBe(
      "postgresql://supabase_admin@supabase-db.supabase.svc.cluster.local:5432/postgres",
    );
  });
});

describe("per-service databases", () => {
  it("provisions n8n and NocoDB by a job that runs the script as the image's superuser", () => {
    const [job] = jobsOf(stack);
    expect(jobsOf(stack)).toHaveLength(1);
    const env = envOf(job);
    expect(env).toMatchObject({
      PGHOST: "supabase-db",
      // The image demotes `postgres`; see test/components/database/supabasePostgres.test.ts.
      PGUSER: "supabase_admin",
      PGPASSWORD: "secret:supabase-secrets/POSTGRES_PASSWORD",
      N8N_PASSWORD_VERIFIER: "secret:supabase-db-role-verifiers/N8N_PASSWORD_VERIFIER",
      NOCODB_PASSWORD_VERIFIER: "secret:supabase-db-role-verifiers/NOCODB_PASSWORD_VERIFIER",
    });
    expect(containerOf(job).image).toBe(DEFAULT_BACKUP_IMAGE);
    expect(plainInputs(job).spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    const script = plainInputs(k8s(stack, TYPES.configMap, "supabase-db-provisioning")).data[
      "provision.sql"
    ];
    expect(script).toContain("CREATE DATABASE %I OWNER %I', 'n8n', 'n8n'");
    expect(script).toContain("CREATE DATABASE %I OWNER %I', 'nocodb', 'nocodb'");
    expect(script).not.toContain("nextcloud");
  });

  it("hands the job SCRAM verifiers of the services' passwords, never the passwords", () => {
    const verifiers = plainInputs(
      k8s(stack, TYPES.secret, "supabase-db-role-verifiers", "supabase"),
    ).stringData;
    const passwords = outputs(stack).serviceDatabasePasswords;
    for (const role of ["n8n", "nocodb"]) {
      const spec = { service: role, database: role, role };
      expect(verifiers[verifierEnvName(spec)]).toBe(scramSha256Verifier(passwords[role], role));
      expect(JSON.stringify(plainInputs(jobsOf(stack)[0]))).not.toContain(passwords[role]);
    }
  });

  it("names the job after what it does: stable between runs, new when a database is added", () => {
    const nameOf = (result: SynthResult) => plainInputs(jobsOf(result)[0]).metadata.name;
    expect(nameOf(stack)).toMatch(/^supabase-db-provision-[0-9a-f]{10}$/);
    expect(nameOf(again)).toBe(nameOf(stack));
    expect(nameOf(withNextcloud)).not.toBe(nameOf(stack));
    const script = plainInputs(k8s(withNextcloud, TYPES.configMap, "supabase-db-provisioning"))
      .data["provision.sql"];
    expect(script).toContain("CREATE DATABASE %I OWNER %I', 'nextcloud', 'nextcloud'");
  });
});
