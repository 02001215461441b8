import { describe, expect, it } from "vitest";
import { kubernetesEdgeRoutes as policy } from "../../policy/policies/kubernetesEdgeRoutes";
import { violations } from "./policyArgs";

const route = (
  type: string,
  metadata: Record<string, unknown> = { name: "r", namespace: "apps" },
) => ({
  type,
  name: "route",
  props: { metadata, spec: {} },
});

describe("kubernetes-edge-routes", () => {
  it.each([
    ["kubernetes:traefik.io/v1alpha1:IngressRoute", "IngressRoute", "traefik.io"],
    ["kubernetes:traefik.io/v1alpha1:IngressRouteTCP", "IngressRouteTCP", "traefik.io"],
    [
      "kubernetes:traefik.containo.us/v1alpha1:IngressRouteUDP",
      "IngressRouteUDP",
      "traefik.containo.us",
    ],
    ["kubernetes:gateway.networking.k8s.io/v1:Gateway", "Gateway", "gateway.networking.k8s.io"],
    ["kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "HTTPRoute", "gateway.networking.k8s.io"],
    [
      "kubernetes:gateway.networking.k8s.io/v1alpha2:TCPRoute",
      "TCPRoute",
      "gateway.networking.k8s.io",
    ],
    [
      "kubernetes:gateway.networking.k8s.io/v1:HTTPRoutePatch",
      "HTTPRoute",
      "gateway.networking.k8s.io",
    ],
  ])("fails %s, naming kind, namespace/name and API group", async (type, kind, group) => {
    expect(await violations(policy, route(type))).toEqual([
      `${kind} apps/r (${group}) publishes traffic past the ingress controller`,
    ]);
  });

  it.each([
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:traefik.io/v1alpha1:Middleware",
    "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
    "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant",
    "kubernetes:example.com/v1:HTTPRoute",
    "kubernetes:traefik.io.evil/v1:IngressRoute",
    "traefik.io/v1alpha1:IngressRoute",
  ])("leaves %s alone", async (type) => {
    expect(await violations(policy, route(type))).toEqual([]);
  });

  it("names a route without namespace or name by default and its Pulumi name, and takes the allowlist", async () => {
    const type = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
    expect(await violations(policy, route(type, {}))).toEqual([
      "HTTPRoute default/route (gateway.networking.k8s.io) publishes traffic past the ingress controller",
    ]);
    expect(await violations(policy, route(type), { allowedRoutes: ["apps/r"] })).toEqual([]);
    expect(await violations(policy, route(type, {}), { allowedRoutes: ["default/route"] })).toEqual(
      [],
    );
    expect(await violations(policy, route(type), { allowedRoutes: ["other/r", "r"] })).toHaveLength(
      1,
    );
  });
});
