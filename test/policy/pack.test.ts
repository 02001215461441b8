import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { policies } from "../../policy/allPolicies";
import {
  PolicyConfigError,
  PolicySummary,
  reconcilePolicyConfig,
} from "../../scripts/lib/policyConfig";
import { loadPolicyModules, POLICY_DIR } from "./allPolicies";
import { ResourceValidation } from "@pulumi/policy";
import { dockerLoopbackPorts } from "../../policy/policies/dockerLoopbackPorts";
import { kubernetesStorageClass } from "../../policy/policies/kubernetesStorageClass";
import { CONTAINER, configOf, resourceArgs } from "./policyArgs";

const PACK_DIR = path.dirname(POLICY_DIR);

/** What GetAnalyzerInfo tells the engine about each policy. */
const summaries: PolicySummary[] = policies.map((policy) => ({
  name: policy.name,
  enforcementLevel: policy.enforcementLevel ?? "mandatory",
  configSchema: policy.configSchema && {
    properties: policy.configSchema.properties as Record<string, Record<string, unknown>>,
    required: policy.configSchema.required ?? [],
  },
}));

const reconcile = (config: Record<string, Record<string, unknown>>) =>
  reconcilePolicyConfig(
    summaries,
    Object.fromEntries(Object.entries(config).map(([name, properties]) => [name, { properties }])),
    "test",
  );

describe("the pack", () => {
  it("lists every policy module exactly once", async () => {
    const modules = await loadPolicyModules();
    expect(modules.length).toBeGreaterThanOrEqual(16);
    // The pack wraps each module's policy (malformed inputs become violations): same policy,
    // same fields, another validate function.
    const byName = new Map(modules.map((m) => [m.policy.name, m.policy]));
    for (const policy of policies) {
      const {
        validateResource: _r,
        validateStack: _s,
        ...fields
      } = policy as unknown as Record<string, unknown>;
      const module = byName.get(policy.name) as Record<string, unknown> | undefined;
      expect(module, policy.name).toBeDefined();
      const { validateResource: _mr, validateStack: _ms, ...moduleFields } = module!;
      expect(fields).toEqual(moduleFields);
    }
    expect(policies).toHaveLength(modules.length);
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
  });

  it("gives every policy a level, a severity, a description and remediation", () => {
    for (const policy of policies) {
      expect(policy.name).toMatch(/^[a-z0-9-]+$/);
      expect(policy.description, policy.name).toMatch(/\S.{20,}/);
      expect(policy.remediationSteps, policy.name).toMatch(/\S.{20,}/);
      expect(["low", "medium", "high", "critical"], policy.name).toContain(policy.severity);
      expect(["advisory", "mandatory"], policy.name).toContain(policy.enforcementLevel);
    }
  });

  it("describes every config property, as `pulumi policy` shows it to whoever writes the config", () => {
    for (const policy of policies) {
      for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        expect((schema as { description?: unknown }).description, `${policy.name} ${key}`).toMatch(
          /\S.{15,}/,
        );
      }
    }
  });

  it("has an index.ts that only assembles the list", () => {
    const index = fs.readFileSync(path.join(PACK_DIR, "index.ts"), "utf8");
    expect(index).toContain('import { policies } from "./allPolicies";');
    expect(index).toContain(
      'new PolicyPack("archon-sector7", { policies, enforcementLevel: "mandatory" });',
    );
    expect(index).not.toMatch(/from "\.\/policies\//);
  });

  it("is a pack the engine can start: PulumiPolicy.yaml, package.json and tsconfig.json", () => {
    const manifest = fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8");
    expect(manifest).toMatch(/^runtime: nodejs$/m);
    expect(manifest).toMatch(/^description: \S/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
    expect(pkg.name).toBe("archon-sector7-policy");
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies).toEqual({ "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.248.0" });
    const tsconfig = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: "nodenext" });
  });
});

describe("policy config", () => {
  it("gives tests the same config the engine sends: schema defaults overlaid with the file", () => {
    const given = { "docker-loopback-ports": { edgeContainers: ["proxy"] } };
    const sent = reconcile(given);
    for (const policy of policies) {
      expect(configOf(policy, given[policy.name as keyof typeof given]), policy.name).toEqual(
        sent[policy.name].properties,
      );
    }
    expect(sent["docker-loopback-ports"].properties).toEqual({
      edgeContainers: ["proxy"],
      edgePorts: [80, 443],
      edgeImages: ["nginx"],
    });
  });

  it("applies the schema defaults itself when the runner configures nothing", async () => {
    // The server's getConfig returns {} for a policy the engine sent no config for.
    const run = async (
      policy: typeof dockerLoopbackPorts,
      spec: Parameters<typeof resourceArgs>[1],
    ) => {
      const messages: string[] = [];
      const args = { ...resourceArgs(policy, spec), getConfig: <T extends object>() => ({}) as T };
      await (policy.validateResource as ResourceValidation)(args, (m) => messages.push(m));
      return messages;
    };
    const edge = {
      type: CONTAINER,
      props: {
        name: "archon-nginx",
        image: "nginx:1.27.3-alpine",
        ports: [{ internal: 80, external: 80, ip: "0.0.0.0" }],
      },
    };
    expect(await run(dockerLoopbackPorts, edge)).toEqual([]);
    const claim = {
      type: "kubernetes:core/v1:PersistentVolumeClaim",
      props: { metadata: { name: "d" }, spec: { storageClassName: "local-path" } },
    };
    expect(await run(kubernetesStorageClass, claim)).toEqual([
      'claim d uses storage class "local-path"; allowed: longhorn',
    ]);
  });

  it.each(["archon-prod", "sector7"])("accepts policy/config/%s.json", (stack) => {
    const file = JSON.parse(
      fs.readFileSync(path.join(PACK_DIR, "config", `${stack}.json`), "utf8"),
    );
    expect(() => reconcile(file)).not.toThrow();
  });

  it.each([
    ["docker-loopback-ports", { edgeContainers: "nginx" }, "/edgeContainers must be array"],
    ["docker-loopback-ports", { edgePorts: [80, 70000] }, "/edgePorts/1 must be <= 65535"],
    ["docker-loopback-ports", { edgePorts: ["80"] }, "/edgePorts/0 must be integer"],
    ["docker-socket-read-only", { socketProxyContainers: [""] }, "must NOT have fewer than 1"],
    ["kubernetes-no-host-access", { systemNamespaces: [1] }, "/systemNamespaces/0 must be string"],
    ["kubernetes-exposed-services", { allowedServices: null }, "/allowedServices must be array"],
    ["kubernetes-storage-class", { storageClasses: "longhorn" }, "/storageClasses must be array"],
    ["kubernetes-secret-env", { allowedNames: {} }, "/allowedNames must be array"],
    ["docker-no-sensitive-host-paths", { sensitivePaths: "/etc" }, "/sensitivePaths must be array"],
    ["docker-loopback-ports", { edgeImages: "nginx" }, "/edgeImages must be array"],
    [
      "docker-no-host-privileges",
      { allowedCapabilities: [7] },
      "/allowedCapabilities/0 must be string",
    ],
    ["docker-env-credentials", { minimumLength: 0 }, "/minimumLength must be >= 1"],
    [
      "kubernetes-exposed-services",
      { edgeSelector: { app: 1 } },
      "/edgeSelector/app must be string",
    ],
    ["kubernetes-edge-routes", { allowedRoutes: "a/b" }, "/allowedRoutes must be array"],
    ["commands-reviewed", { allowedCommands: [""] }, "must NOT have fewer than 1"],
  ])("refuses %s config %j", (policy, properties, problem) => {
    let error: unknown;
    try {
      reconcile({ [policy]: properties });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyConfigError);
    expect((error as PolicyConfigError).problems.join("\n")).toContain(`${policy}: `);
    expect((error as PolicyConfigError).problems.join("\n")).toContain(problem);
  });
});
