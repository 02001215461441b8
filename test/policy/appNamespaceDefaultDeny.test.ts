import { describe, expect, it } from "vitest";
import { kubernetesAppNamespaceDefaultDeny as policy } from "../../policy/policies/kubernetesAppNamespaceDefaultDeny";
import { synthServices } from "../stacks/sector7Services/servicesFixture";
import { runStackPolicy, specFromRecorded, urnOf } from "./policyArgs";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const CRON_JOB = "kubernetes:batch/v1:CronJob";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

const ns = (name: string) => ({
  type: NAMESPACE,
  name: `${name}-ns`,
  props: { metadata: { name } },
});
const deployment = (name: string, namespace: string) => ({
  type: DEPLOYMENT,
  name: `${namespace}-${name}`,
  props: { metadata: { name, namespace }, spec: {} },
});
const netpol = (name: string, namespace: string, spec: Record<string, unknown>) => ({
  type: NETWORK_POLICY,
  name: `${namespace}-${name}`,
  props: { metadata: { name, namespace }, spec },
});
const DENY = { podSelector: {}, policyTypes: ["Ingress"], ingress: [] };

describe("kubernetes-app-namespace-default-deny", () => {
  it("passes namespaces with a default deny, and namespaces without pods of the program", async () => {
    const found = await runStackPolicy(policy, [
      ns("n8n"),
      deployment("n8n", "n8n"),
      netpol("default-deny-ingress", "n8n", DENY),
      netpol("allow-same-namespace", "n8n", {
        podSelector: {},
        ingress: [{ from: [{ podSelector: {} }] }],
      }),
      // policyTypes left out: Kubernetes implies Ingress.
      deployment("db", "db"),
      netpol("deny", "db", { podSelector: {} }),
      // A namespace for a chart only: no pods declared here.
      ns("cert-manager"),
    ]);
    expect(found).toEqual([]);
  });

  it("fails a namespace whose pods have no default deny, naming it, on the namespace's URN", async () => {
    const found = await runStackPolicy(policy, [
      ns("nocodb"),
      deployment("nocodb", "nocodb"),
      // Allows are not a default deny...
      netpol("allow-ingress", "nocodb", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: {} }] }],
      }),
      // ...nor is a deny of some pods only, or of egress only.
      netpol("deny-db", "nocodb", {
        podSelector: { matchLabels: { app: "db" } },
        policyTypes: ["Ingress"],
      }),
      netpol("deny-egress", "nocodb", { podSelector: {}, policyTypes: ["Egress"] }),
      {
        type: CRON_JOB,
        name: "backup",
        props: { metadata: { name: "backup", namespace: "backups" } },
      },
    ]);
    expect(found.map((v) => [v.urn, v.message])).toEqual([
      [
        urnOf(NAMESPACE, "nocodb-ns"),
        "namespace nocodb runs pods (nocodb) but has no NetworkPolicy denying ingress by default",
      ],
      [
        urnOf(CRON_JOB, "backup"),
        "namespace backups runs pods (backup) but has no NetworkPolicy denying ingress by default",
      ],
    ]);
    expect(found.every((v) => v.level === "mandatory")).toBe(true);
  });

  it("takes only a policy that selects every pod and admits nothing for a default deny", async () => {
    const denied = async (spec: Record<string, unknown>) =>
      (await runStackPolicy(policy, [deployment("app", "apps"), netpol("p", "apps", spec)]))
        .length === 0;
    expect(await denied({})).toBe(true);
    expect(
      await denied({ podSelector: { matchLabels: {} }, policyTypes: ["Egress", "Ingress"] }),
    ).toBe(true);
    expect(await denied({ podSelector: { matchExpressions: [] }, ingress: [] })).toBe(true);
    expect(
      await denied({ podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] } }),
    ).toBe(false);
    expect(await denied({ podSelector: { matchLabels: { app: "db" } } })).toBe(false);
    expect(await denied({ policyTypes: [] })).toBe(false);
    expect(await denied({ ingress: [{}] })).toBe(false);
  });

  it("names the first workload of a namespace, by its Pulumi name when unnamed, and skips unknown namespaces", async () => {
    const found = await runStackPolicy(policy, [
      {
        type: "kubernetes:apps/v1:StatefulSet",
        name: "db-sts",
        props: { metadata: { namespace: "data" } },
      },
      deployment("web", "data"),
      {
        type: "kubernetes:core/v1:ConfigMap",
        name: "cm",
        props: { metadata: { name: "c", namespace: "other" } },
      },
      { type: DEPLOYMENT, name: "later", props: { metadata: { name: "later" } } },
      // A NetworkPolicy or Namespace without its names says nothing.
      { type: NETWORK_POLICY, name: "np", props: { spec: DENY } },
      { type: NAMESPACE, name: "ns", props: {} },
    ]);
    expect(found.map((v) => [v.urn, v.message])).toEqual([
      [
        urnOf("kubernetes:apps/v1:StatefulSet", "db-sts"),
        "namespace data runs pods (db-sts) but has no NetworkPolicy denying ingress by default",
      ],
    ]);
  });

  it("skips namespaces listed in exemptNamespaces", async () => {
    const found = await runStackPolicy(policy, [deployment("tool", "tools")], {
      exemptNamespaces: ["tools"],
    });
    expect(found).toEqual([]);
  });
});

describe("kubernetes-app-namespace-default-deny on the real services layer", () => {
  it("passes it as synthesized, and fails every app namespace once its NetworkPolicies are gone", async () => {
    const stack = await synthServices({
      "services:nextcloudEnabled": "true",
      "services:qdrantEnabled": "true",
    });
    const specs = stack.resources
      .filter((r) => r.custom)
      .map((r) => specFromRecorded(r, stack.resources));
    expect(await runStackPolicy(policy, specs)).toEqual([]);

    const withoutPolicies = specs.filter((s) => s.type !== NETWORK_POLICY);
    const found = await runStackPolicy(policy, withoutPolicies);
    const namespaces = found.map((v) => /^namespace (\S+) /.exec(v.message)![1]).sort();
    expect(namespaces).toEqual(
      ["ai", "appflowy", "heimdall", "n8n", "nextcloud", "nocodb", "supabase"].sort(),
    );
  });
});
