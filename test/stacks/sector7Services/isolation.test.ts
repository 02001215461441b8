import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { NetworkPolicyModel, NetworkPolicyObject, PodRef } from "../../support/networkPolicies";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import { podSpecOf, synthServices, TYPES } from "./servicesFixture";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const APP_NAMESPACES = ["heimdall", "n8n", "nocodb", "nextcloud", "appflowy", "supabase", "ai"];

let stack: SynthResult;
let model: NetworkPolicyModel;
/** Every synthesized pod template, by `<namespace>/<workload name>`. */
let pods: Record<string, PodRef>;

/** Pods the program synthesizes: workloads' and jobs' templates, with their named ports. */
function podsOf(result: SynthResult): Record<string, PodRef> {
  const found: Record<string, PodRef> = {};
  for (const type of [TYPES.deployment, TYPES.statefulSet, TYPES.job, TYPES.cronJob]) {
    for (const resource of resourcesOfType(result, type)) {
      const inputs = plainInputs(resource);
      const spec = inputs.spec;
      const template = spec.jobTemplate ? spec.jobTemplate.spec.template : spec.template;
      const namedPorts: Record<string, number> = {};
      for (const c of podSpecOf(resource).containers) {
        for (const p of c.ports ?? []) {
          if (p.name) {
            namedPorts[p.name] = p.containerPort;
          }
        }
      }
      found[`${inputs.metadata.namespace}/${inputs.metadata.name}`] = {
        namespace: inputs.metadata.namespace,
        labels: template.metadata?.labels ?? {},
        namedPorts,
      };
    }
  }
  return found;
}

const pod = (key: string): PodRef => {
  const found = pods[key];
  if (!found) {
    throw new Error(`no pod ${key}; have ${Object.keys(pods).join(", ")}`);
  }
  return found;
};
/** Pods of namespaces the program does not manage. */
const outside = (namespace: string): PodRef => ({ namespace, labels: { app: "x" } });

beforeAll(async () => {
  stack = await synthServices({
    "services:nextcloudEnabled": "true",
    "services:qdrantEnabled": "true",
  });
  const policies = resourcesOfType(stack, NETWORK_POLICY).map(
    (r) => plainInputs(r) as NetworkPolicyObject,
  );
  model = new NetworkPolicyModel(policies);
  pods = podsOf(stack);
});

describe("every app namespace denies ingress by default", () => {
  it.each(APP_NAMESPACES)("%s has a default deny selecting every pod", (ns) => {
    const denyAll = resourcesOfType(stack, NETWORK_POLICY)
      .map((r) => plainInputs(r))
      .filter(
        (p) =>
          p.metadata.namespace === ns &&
          Object.keys(p.spec.podSelector ?? {}).length === 0 &&
          p.spec.policyTypes.includes("Ingress") &&
          (p.spec.ingress ?? []).length === 0,
      );
    expect(denyAll).toHaveLength(1);
    // ...so even an unknown pod there is refused a stranger's connection.
    expect(model.allows(outside("default"), { namespace: ns, labels: { any: "pod" } }, 80)).toBe(
      false,
    );
  });
});

describe("connections between namespaces, evaluated as rules", () => {
  const ingress = outside("ingress-nginx");
  const monitoring = outside("monitoring");
  const stranger = outside("default");

  // [from, to pod, port, allowed]
  const cases: [string, () => PodRef, string, number, boolean][] = [
    // The ingress controller reaches each web port, and nothing else.
    ["ingress-nginx", () => ingress, "heimdall/heimdall", 80, true],
    ["ingress-nginx", () => ingress, "n8n/n8n", 5678, true],
    ["ingress-nginx", () => ingress, "nocodb/nocodb", 8080, true],
    ["ingress-nginx", () => ingress, "nextcloud/nextcloud", 80, true],
    ["ingress-nginx", () => ingress, "appflowy/appflowy-web", 80, true],
    ["ingress-nginx", () => ingress, "appflowy/appflowy-cloud", 8000, true],
    ["ingress-nginx", () => ingress, "appflowy/appflowy-gotrue", 9999, true],
    ["ingress-nginx", () => ingress, "appflowy/appflowy-minio", 9000, true],
    ["ingress-nginx", () => ingress, "appflowy/appflowy-postgres", 5432, false],
    ["ingress-nginx", () => ingress, "appflowy/appflowy-redis", 6379, false],
    ["ingress-nginx", () => ingress, "nextcloud/nextcloud-redis", 6379, false],
    ["ingress-nginx", () => ingress, "supabase/supabase-db", 5432, false],
    ["ingress-nginx", () => ingress, "ai/ollama", 11434, false],
    ["ingress-nginx", () => ingress, "ai/qdrant", 6333, false],
    // Strangers reach nothing.
    ["default", () => stranger, "n8n/n8n", 5678, false],
    ["default", () => stranger, "supabase/supabase-db", 5432, false],
    ["default", () => stranger, "ai/ollama", 11434, false],
    // The shared PostgreSQL: only the namespaces owning a database, and its own jobs.
    ["n8n", () => pod("n8n/n8n"), "supabase/supabase-db", 5432, true],
    ["nocodb", () => pod("nocodb/nocodb"), "supabase/supabase-db", 5432, true],
    ["nextcloud", () => pod("nextcloud/nextcloud"), "supabase/supabase-db", 5432, true],
    [
      "supabase backup",
      () => pod("supabase/supabase-db-backup-n8n"),
      "supabase/supabase-db",
      5432,
      true,
    ],
    ["appflowy", () => pod("appflowy/appflowy-cloud"), "supabase/supabase-db", 5432, false],
    ["heimdall", () => pod("heimdall/heimdall"), "supabase/supabase-db", 5432, false],
    ["ai", () => pod("ai/ollama"), "supabase/supabase-db", 5432, false],
    ["n8n", () => pod("n8n/n8n"), "supabase/supabase-db", 8080, false],
    // AppFlowy's own database: its services and its backup job, no one else.
    ["appflowy", () => pod("appflowy/appflowy-cloud"), "appflowy/appflowy-postgres", 5432, true],
    [
      "appflowy backup",
      () => pod("appflowy/appflowy-postgres-backup-appflowy"),
      "appflowy/appflowy-postgres",
      5432,
      true,
    ],
    ["n8n", () => pod("n8n/n8n"), "appflowy/appflowy-postgres", 5432, false],
    // Ollama and Qdrant: n8n only.
    ["n8n", () => pod("n8n/n8n"), "ai/ollama", 11434, true],
    ["n8n", () => pod("n8n/n8n"), "ai/qdrant", 6333, true],
    ["nocodb", () => pod("nocodb/nocodb"), "ai/ollama", 11434, false],
    ["appflowy", () => pod("appflowy/appflowy-worker"), "ai/ollama", 11434, false],
    ["ai model pull", () => pod("ai/ollama-pull-models"), "ai/ollama", 11434, true],
    // Apps do not reach each other directly.
    ["n8n", () => pod("n8n/n8n"), "nocodb/nocodb", 8080, false],
    ["nocodb", () => pod("nocodb/nocodb"), "n8n/n8n", 5678, false],
    ["heimdall", () => pod("heimdall/heimdall"), "appflowy/appflowy-web", 80, false],
    // Monitoring scrapes the web ports, not the databases.
    ["monitoring", () => monitoring, "n8n/n8n", 5678, true],
    ["monitoring", () => monitoring, "appflowy/appflowy-cloud", 8000, true],
    ["monitoring", () => monitoring, "ai/qdrant", 6333, true],
    ["monitoring", () => monitoring, "supabase/supabase-db", 5432, false],
    ["monitoring", () => monitoring, "appflowy/appflowy-postgres", 5432, false],
  ];

  it.each(cases)("%s -> %s:%i allowed: %s", (_from, from, to, port, allowed) => {
    expect(model.allows(from(), pod(to), port)).toBe(allowed);
  });

  it("admits cert-manager's HTTP-01 solver in every public namespace from the ingress only", () => {
    const solver = (namespace: string): PodRef => ({
      namespace,
      labels: { "acme.cert-manager.io/http01-solver": "true" },
    });
    for (const ns of ["heimdall", "n8n", "nocodb", "nextcloud", "appflowy"]) {
      expect(model.allows(ingress, solver(ns), 8089)).toBe(true);
      expect(model.allows(stranger, solver(ns), 8089)).toBe(false);
    }
  });
});

describe("the evaluator itself", () => {
  it("lets everything through to pods no policy selects, and follows additive rules", () => {
    const policies: NetworkPolicyObject[] = [
      {
        metadata: { name: "db", namespace: "a" },
        spec: {
          podSelector: { matchLabels: { role: "db" } },
          policyTypes: ["Ingress"],
          ingress: [
            { from: [{ podSelector: { matchLabels: { role: "api" } } }], ports: [{ port: "pg" }] },
          ],
        },
      },
    ];
    const m = new NetworkPolicyModel(policies);
    const db = { namespace: "a", labels: { role: "db" }, namedPorts: { pg: 5432 } };
    expect(m.allows(outside("b"), { namespace: "a", labels: { role: "web" } }, 80)).toBe(true);
    expect(m.allows({ namespace: "a", labels: { role: "api" } }, db, 5432)).toBe(true);
    expect(m.allows({ namespace: "a", labels: { role: "api" } }, db, 5433)).toBe(false);
    // A podSelector-only peer means the policy's own namespace.
    expect(m.allows({ namespace: "b", labels: { role: "api" } }, db, 5432)).toBe(false);
  });
});
