import * as jwt from "jsonwebtoken";
import { describe, expect, it } from "vitest";
import { databaseVolumesProtected } from "../../policy/policies/databaseVolumesProtected";
import { noSupabaseDemoSecrets } from "../../policy/policies/noSupabaseDemoSecrets";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { CONTAINER, runStackPolicy, stackArgs, urnOf, violations } from "./policyArgs";

const DEMO_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
/** The anon and service_role keys of Supabase's self-hosting example (signed with DEMO_SECRET). */
const DEMO_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
const DEMO_SERVICE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";
const DEMO_PASSWORD = "your-super-secret-and-long-postgres-password";

describe("no-supabase-demo-secrets", () => {
  const withEnv = (name: string, envs: unknown) => ({
    type: CONTAINER,
    name,
    props: { name, envs },
  });

  it("passes generated secrets and keys", async () => {
    const key = jwt.sign(
      { role: "anon", iss: "supabase" },
      "a-generated-secret-of-sufficient-length-123",
    );
    const found = await runStackPolicy(noSupabaseDemoSecrets, [
      withEnv("kong", [`SUPABASE_ANON_KEY=${key}`]),
      withEnv("db", ["POSTGRES_PASSWORD=Zx8v0R2kq9Lm4Tb7Yw1Hc6Nf3Pd5Gs0J"]),
    ]);
    expect(found).toEqual([]);
  });

  it("finds the demo secret, the demo keys and a demo password, naming resource and path but not the value", async () => {
    const demoSigned = jwt.sign({ role: "service_role", iss: "supabase-demo" }, DEMO_SECRET);
    const found = await runStackPolicy(noSupabaseDemoSecrets, [
      withEnv("rest", [`PGRST_JWT_SECRET=${DEMO_SECRET}`]),
      withEnv("kong", ["LOG_LEVEL=info", `SUPABASE_ANON_KEY=${DEMO_ANON_KEY}`]),
      withEnv("studio", [`SUPABASE_SERVICE_KEY=${DEMO_SERVICE_KEY}`]),
      withEnv("meta", [`KEY=${demoSigned}`]),
      withEnv("postgres", [`POSTGRES_PASSWORD=${DEMO_PASSWORD}`]),
      withEnv("clean", ["LOG_LEVEL=INFO"]),
    ]);
    expect(found.map((v) => v.urn)).toEqual(
      ["rest", "kong", "studio", "meta", "postgres"].map((name) => urnOf(CONTAINER, name)),
    );
    expect(found.map((v) => v.message)).toEqual([
      "rest carries the Supabase demo JWT secret in envs[0]",
      "kong carries a Supabase demo API key (a JWT signed with the demo secret) in envs[1]",
      "studio carries a Supabase demo API key (a JWT signed with the demo secret) in envs[0]",
      "meta carries a Supabase demo API key (a JWT signed with the demo secret) in envs[0]",
      "postgres carries a Supabase demo password in envs[0]",
    ]);
    const text = found.map((v) => v.message).join("\n");
    for (const value of [DEMO_SECRET, DEMO_ANON_KEY, DEMO_SERVICE_KEY, DEMO_PASSWORD]) {
      expect(text).not.toContain(value);
    }
  });

  it("finds a demo value deep inside props and base64-encoded in a Kubernetes Secret", async () => {
    const secret = {
      type: "kubernetes:core/v1:Secret",
      name: "supabase-secrets",
      props: {
        metadata: { name: "supabase-secrets" },
        data: { password: Buffer.from(DEMO_PASSWORD).toString("base64"), other: "c2FmZQ==" },
      },
    };
    const configMap = {
      type: "kubernetes:core/v1:ConfigMap",
      name: "kong",
      props: {
        data: {
          "kong.yml": `consumers:\n  - keyauth_credentials:\n      - key: ${DEMO_ANON_KEY}\n`,
        },
      },
    };
    const found = await runStackPolicy(noSupabaseDemoSecrets, [secret, configMap]);
    expect(found.map((v) => v.message)).toEqual([
      "supabase-secrets carries a Supabase demo password in data.password (base64)",
      "kong carries a Supabase demo API key (a JWT signed with the demo secret) in data.kong.yml",
    ]);
  });

  it("scans what is known and skips values unknown during preview", async () => {
    const found = await runStackPolicy(noSupabaseDemoSecrets, [
      withEnv("later", UNKNOWN_VALUE),
      withEnv("mixed", [UNKNOWN_VALUE, `JWT_SECRET=${DEMO_SECRET}`]),
    ]);
    expect(found.map((v) => v.message)).toEqual([
      "mixed carries the Supabase demo JWT secret in envs[1]",
    ]);
  });
});

describe("database-volumes-protected", () => {
  const volume = (name: string, protect: boolean) => ({
    type: "docker:index/volume:Volume",
    name: `${name}-volume`,
    props: { name },
    protect,
  });
  const pvc = (name: string, protect: boolean) => ({
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    props: { metadata: { name, namespace: "n8n" }, spec: { storageClassName: "longhorn" } },
    protect,
  });

  it("passes protected database volumes and claims", async () => {
    expect(
      await violations(databaseVolumesProtected, volume("archon_postgres_data", true)),
    ).toEqual([]);
    expect(await violations(databaseVolumesProtected, pvc("n8n-data", true))).toEqual([]);
  });

  it.each([
    "archon_postgres_data",
    "pgdata",
    "mysql",
    "mariadb-0",
    "redis",
    "minio",
    "supabase-db-backup",
    "n8n-data",
  ])("fails %s unprotected", async (name) => {
    expect(await violations(databaseVolumesProtected, volume(name, false))).toEqual([
      `volume ${name} looks like database storage but is not protected`,
    ]);
    expect(await violations(databaseVolumesProtected, pvc(name, false))).toHaveLength(1);
  });

  it.each(["nginx_cache", "heimdall-config", "nocodb", "update-cache"])(
    "leaves %s alone",
    async (name) => {
      expect(await violations(databaseVolumesProtected, volume(name, false))).toEqual([]);
    },
  );

  it("uses the Pulumi name when the volume sets none", async () => {
    const unnamed = { type: "docker:index/volume:Volume", name: "postgres-data", props: {} };
    expect(await violations(databaseVolumesProtected, unnamed)).toHaveLength(1);
  });

  it("fails a StatefulSet that deletes its database claims, and passes Retain or the default", async () => {
    const sts = (policy?: Record<string, string>) => ({
      type: "kubernetes:apps/v1:StatefulSet",
      props: {
        metadata: { name: "postgres" },
        spec: {
          volumeClaimTemplates: [{ metadata: { name: "pgdata" } }, { metadata: { name: "tmp" } }],
          ...(policy ? { persistentVolumeClaimRetentionPolicy: policy } : {}),
        },
      },
    });
    expect(await violations(databaseVolumesProtected, sts())).toEqual([]);
    expect(
      await violations(
        databaseVolumesProtected,
        sts({ whenDeleted: "Retain", whenScaled: "Retain" }),
      ),
    ).toEqual([]);
    expect(
      await violations(
        databaseVolumesProtected,
        sts({ whenDeleted: "Delete", whenScaled: "Delete" }),
      ),
    ).toEqual([
      "StatefulSet postgres deletes its claims pgdata when it is deleted",
      "StatefulSet postgres deletes its claims pgdata when it is scaled down",
    ]);
  });

  it("names the volume by its Docker name, then the claim's, then the Pulumi name", async () => {
    const both = {
      type: "docker:index/volume:Volume",
      name: "v",
      props: { name: "archon_pgdata", metadata: { name: "cache" } },
    };
    expect(await violations(databaseVolumesProtected, both)).toEqual([
      "volume archon_pgdata looks like database storage but is not protected",
    ]);
    expect(await violations(databaseVolumesProtected, pvc("supabase-db", false))).toEqual([
      "volume supabase-db looks like database storage but is not protected",
    ]);
    const config = { type: "kubernetes:core/v1:ConfigMap", name: "postgres-data", props: {} };
    expect(await violations(databaseVolumesProtected, config)).toEqual([]);
  });

  it("names every database claim a StatefulSet deletes, for each setting that deletes", async () => {
    const sts = (spec: Record<string, unknown>, name?: string) => ({
      type: "kubernetes:apps/v1:StatefulSet",
      name: "db-sts",
      props: { metadata: name ? { name } : {}, spec },
    });
    const templates = [
      null,
      { metadata: {} },
      { metadata: { name: "pgdata" } },
      { metadata: { name: "redis-data" } },
    ];
    expect(
      await violations(
        databaseVolumesProtected,
        sts({
          volumeClaimTemplates: templates,
          persistentVolumeClaimRetentionPolicy: { whenScaled: "Delete" },
        }),
      ),
    ).toEqual(["StatefulSet db-sts deletes its claims pgdata, redis-data when it is scaled down"]);
    expect(
      await violations(
        databaseVolumesProtected,
        sts(
          {
            volumeClaimTemplates: templates,
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" },
          },
          "postgres",
        ),
      ),
    ).toEqual(["StatefulSet postgres deletes its claims pgdata, redis-data when it is deleted"]);
    const noDatabase = sts({
      volumeClaimTemplates: [{ metadata: { name: "cache" } }],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" },
    });
    expect(await violations(databaseVolumesProtected, noDatabase)).toEqual([]);
    // Only a StatefulSet's controller deletes claims by this policy: an operator's resource of
    // the same shape is the operator's to judge.
    const operated = {
      ...sts({
        volumeClaimTemplates: templates,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" },
      }),
      type: "kubernetes:example.com/v1:PostgresCluster",
    };
    expect(await violations(databaseVolumesProtected, operated)).toEqual([]);
    const malformed = sts({
      volumeClaimTemplates: "pgdata",
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" },
    });
    expect(await violations(databaseVolumesProtected, malformed)).toEqual([]);
  });

  it("is mandatory: losing a database is not a matter of advice", () => {
    expect(databaseVolumesProtected.enforcementLevel).toBe("mandatory");
  });
});

describe("the validation args factory", () => {
  it("resolves parents and dependencies to the resources, as AnalyzeStack does", () => {
    const parentUrn = urnOf("platform:supabase:SupabaseStack", "supabase");
    const volumeUrn = urnOf("docker:index/volume:Volume", "data");
    const args = stackArgs(noSupabaseDemoSecrets, [
      { type: "platform:supabase:SupabaseStack", name: "supabase", props: {} },
      { type: "docker:index/volume:Volume", name: "data", props: {}, parent: parentUrn },
      {
        type: CONTAINER,
        name: "db",
        props: {},
        parent: parentUrn,
        dependencies: [volumeUrn],
        propertyDependencies: { volumes: [volumeUrn] },
      },
    ]);
    const [component, volume, container] = args.resources;
    expect(container.parent).toBe(component);
    expect(container.dependencies).toEqual([volume]);
    expect(container.propertyDependencies.volumes[0]).toBe(volume);
    expect(container.opts.parent).toBe(parentUrn);
    expect(container.isType({ __pulumiType: CONTAINER } as never)).toBe(true);
    expect(volume.isType({ __pulumiType: CONTAINER } as never)).toBe(false);
    expect(args.stackTags.get("pulumi:project")).toBe("policy-test");
    expect(() => args.notApplicable("no")).toThrow("no");
  });
});
