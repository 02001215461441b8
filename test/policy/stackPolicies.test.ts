import * as fs from "fs";
import * as jwt from "jsonwebtoken";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { databaseVolumesProtected } from "../../policy/policies/databaseVolumesProtected";
import { noSupabaseDemoSecrets } from "../../policy/policies/noSupabaseDemoSecrets";
import { loadPolicyModules, POLICY_DIR } from "./allPolicies";
import { CONTAINER, stackViolations, violations } from "./policyArgs";

const DEMO_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

describe("no-supabase-demo-secrets", () => {
  const withEnv = (name: string, envs: string[]) => ({
    type: CONTAINER,
    name,
    props: { name, envs },
  });

  it("passes generated secrets", async () => {
    const key = jwt.sign(
      { role: "anon", iss: "supabase" },
      "a-generated-secret-of-sufficient-length-123",
    );
    expect(
      await stackViolations(noSupabaseDemoSecrets, [withEnv("kong", [`SUPABASE_ANON_KEY=${key}`])]),
    ).toEqual([]);
  });

  it("finds the demo secret, a demo-signed key and a demo password, naming the resource but not the value", async () => {
    const demoKey = jwt.sign({ role: "service_role", iss: "supabase-demo" }, DEMO_SECRET);
    const found = await stackViolations(noSupabaseDemoSecrets, [
      withEnv("rest", [`PGRST_JWT_SECRET=${DEMO_SECRET}`]),
      withEnv("kong", [`SUPABASE_SERVICE_KEY=${demoKey}`]),
      withEnv("postgres", ["POSTGRES_PASSWORD=your-super-secret-and-long-postgres-password"]),
      withEnv("clean", ["LOG_LEVEL=INFO"]),
    ]);
    expect(found.map(([, urn]) => urn?.split("::").pop())).toEqual(["rest", "kong", "postgres"]);
    expect(found[0][0]).toBe("rest carries the Supabase demo JWT secret in envs[0]");
    expect(found.map(([message]) => message).join("\n")).not.toContain(DEMO_SECRET);
  });
});

describe("database-volumes-protected", () => {
  const volume = (name: string, protect: boolean) => ({
    type: "docker:index/volume:Volume",
    props: { name },
    protect,
  });

  it("passes a protected database volume and ignores unrelated volumes", async () => {
    expect(
      await violations(databaseVolumesProtected, volume("archon_postgres_data", true)),
    ).toEqual([]);
    expect(await violations(databaseVolumesProtected, volume("nginx_cache", false))).toEqual([]);
  });

  it("fails an unprotected database volume or PVC", async () => {
    expect(
      await violations(databaseVolumesProtected, volume("archon_postgres_data", false)),
    ).toHaveLength(1);
    const pvc = {
      type: "kubernetes:core/v1:PersistentVolumeClaim",
      props: { metadata: { name: "n8n-data" } },
      protect: false,
    };
    expect(await violations(databaseVolumesProtected, pvc)).toHaveLength(1);
  });

  it("accepts a StatefulSet that retains its claims", async () => {
    const sts = (whenDeleted?: string) => ({
      type: "kubernetes:apps/v1:StatefulSet",
      props: {
        metadata: { name: "postgres" },
        spec: {
          volumeClaimTemplates: [{ metadata: { name: "pgdata" } }],
          persistentVolumeClaimRetentionPolicy: { whenDeleted },
        },
      },
    });
    expect(await violations(databaseVolumesProtected, sts("Retain"))).toEqual([]);
    expect(await violations(databaseVolumesProtected, sts("Delete"))).toHaveLength(1);
  });
});

describe("the pack", () => {
  it("has one policy per module, each with a level, a severity, a description and remediation", async () => {
    const modules = await loadPolicyModules();
    expect(modules.length).toBeGreaterThanOrEqual(16);
    for (const { file, policy } of modules) {
      expect(policy.name, file).toMatch(/^[a-z0-9-]+$/);
      expect(policy.description, file).toMatch(/\S.{20,}/);
      expect(policy.remediationSteps, file).toMatch(/\S.{20,}/);
      expect(["low", "medium", "high", "critical"], file).toContain(policy.severity);
      expect(["advisory", "mandatory"], file).toContain(policy.enforcementLevel);
    }
    expect(new Set(modules.map((m) => m.policy.name)).size).toBe(modules.length);
  });

  it("assembles every module in index.ts", async () => {
    const index = fs.readFileSync(path.join(POLICY_DIR, "..", "index.ts"), "utf8");
    for (const { file, exportName } of await loadPolicyModules()) {
      expect(index, file).toContain(
        `import { ${exportName} } from "./policies/${file.replace(/\.ts$/, "")}";`,
      );
      expect(index, file).toMatch(new RegExp(`^\\s+${exportName},$`, "m"));
    }
  });
});
