import { describe, expect, it } from "vitest";
import { kubernetesExposedServices as policy } from "../../policy/policies/kubernetesExposedServices";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { violations } from "./policyArgs";

const EDGE_SELECTOR = {
  "app.kubernetes.io/name": "ingress-nginx",
  "app.kubernetes.io/component": "controller",
  "app.kubernetes.io/instance": "ingress-nginx",
};
const service = (
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {
    name: "ingress-nginx-controller",
    namespace: "ingress-nginx",
  },
  type = "kubernetes:core/v1:Service",
) => ({ type, name: "svc", props: { metadata, spec } });
const edge = (extra: Record<string, unknown> = {}) =>
  service({
    type: "LoadBalancer",
    selector: EDGE_SELECTOR,
    ports: [{ port: 80 }, { port: 443 }],
    ...extra,
  });

describe("kubernetes-exposed-services", () => {
  it("passes the allowlisted edge on its ports, and ClusterIP Services", async () => {
    expect(await violations(policy, edge())).toEqual([]);
    expect(await violations(policy, edge({ type: "NodePort" }))).toEqual([]);
    expect(
      await violations(policy, service({ type: "ClusterIP" }, { name: "web", namespace: "apps" })),
    ).toEqual([]);
    expect(await violations(policy, service({}, { name: "web" }))).toEqual([]);
    expect(await violations(policy, edge({ externalIPs: [] }))).toEqual([]);
  });

  it("names the Service, its type and what is wrong", async () => {
    expect(
      await violations(policy, service({ type: "NodePort" }, { name: "web", namespace: "apps" })),
    ).toEqual(["Service apps/web is of type NodePort"]);
    expect(await violations(policy, service({ type: "LoadBalancer" }, { name: "web" }))).toEqual([
      "Service default/web is of type LoadBalancer",
    ]);
    expect(await violations(policy, service({ type: 5 }, { name: "web" }))).toEqual([
      "Service default/web has type 5, not a name",
    ]);
    expect(
      await violations(policy, service({ externalIPs: ["203.0.113.7"] }, { name: "web" })),
    ).toEqual(['Service default/web sets externalIPs ["203.0.113.7"]: every node answers on them']);
    expect(
      await violations(policy, service({ externalIPs: "203.0.113.7" }, { name: "web" })),
    ).toEqual(['Service default/web sets externalIPs "203.0.113.7": every node answers on them']);
    expect(await violations(policy, service({ type: "LoadBalancer" }, {}))).toEqual([
      "Service default/svc is of type LoadBalancer",
    ]);
  });

  it("holds the allowlisted edge to the controller's selector and the edge ports", async () => {
    expect(
      await violations(policy, edge({ selector: { "app.kubernetes.io/name": "ingress-nginx" } })),
    ).toEqual([
      "Service ingress-nginx/ingress-nginx-controller is allowlisted as the edge but does not select the ingress controller (missing app.kubernetes.io/component=controller)",
    ]);
    expect(await violations(policy, edge({ selector: undefined }))).toEqual([
      "Service ingress-nginx/ingress-nginx-controller is allowlisted as the edge but does not select the ingress controller (missing app.kubernetes.io/name=ingress-nginx, app.kubernetes.io/component=controller)",
    ]);
    expect(
      await violations(policy, edge({ ports: [{ port: 443 }, { port: 22 }, { port: "80" }] })),
    ).toEqual([
      "Service ingress-nginx/ingress-nginx-controller is allowlisted as the edge but exposes port 22; edge ports: 80, 443",
      'Service ingress-nginx/ingress-nginx-controller is allowlisted as the edge but exposes port "80"; edge ports: 80, 443',
    ]);
    expect(
      await violations(policy, edge({ ports: [{ port: 8443 }] }), { edgePorts: [8443] }),
    ).toEqual([]);
    expect(
      await violations(policy, edge({ selector: { app: "edge" } }), {
        edgeSelector: { app: "edge" },
      }),
    ).toEqual([]);
  });

  it("matches the allowlist by name or namespace/name, and decides an unknown namespace later", async () => {
    const lb = (metadata: Record<string, unknown>) =>
      service({ type: "LoadBalancer", selector: EDGE_SELECTOR, ports: [{ port: 443 }] }, metadata);
    expect(
      await violations(policy, lb({ name: "ingress-nginx-controller", namespace: "apps" })),
    ).toEqual(["Service apps/ingress-nginx-controller is of type LoadBalancer"]);
    expect(
      await violations(policy, lb({ name: "edge", namespace: "apps" }), {
        allowedServices: ["edge"],
      }),
    ).toEqual([]);
    expect(
      await violations(policy, lb({ name: "ingress-nginx-controller", namespace: UNKNOWN_VALUE })),
    ).toEqual([]);
    expect(await violations(policy, lb({ name: "other", namespace: UNKNOWN_VALUE }))).toEqual([
      "Service (unknown)/other is of type LoadBalancer",
    ]);
    expect(await violations(policy, lb({ name: UNKNOWN_VALUE, namespace: "apps" }))).toEqual([]);
    // Unknown selector or port: checked at update time.
    expect(
      await violations(policy, edge({ selector: UNKNOWN_VALUE, ports: [{ port: UNKNOWN_VALUE }] })),
    ).toEqual([]);
  });

  it("checks Service patches, and nothing else", async () => {
    const patch = service(
      { type: "NodePort" },
      { name: "web", namespace: "apps" },
      "kubernetes:core/v1:ServicePatch",
    );
    expect(await violations(policy, patch)).toEqual(["Service apps/web is of type NodePort"]);
    const ingress = service(
      { type: "NodePort" },
      { name: "web" },
      "kubernetes:networking.k8s.io/v1:Ingress",
    );
    expect(await violations(policy, ingress)).toEqual([]);
  });
});
