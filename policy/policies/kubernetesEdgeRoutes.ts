import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { baseType } from "../lib/podSpecs";
import { stringListSchema } from "../lib/stringList";

/**
 * API groups of routing objects that other controllers serve: Traefik (which k3s installs
 * unless disabled) and the Gateway API. Each one publishes a backend past ingress-nginx and the
 * Ingress policies; `kubernetes:<group>/<version>:<Kind>` is how Pulumi types them.
 */
const ROUTE_GROUPS = ["traefik.io", "traefik.containo.us", "gateway.networking.k8s.io"];
const ROUTE_KINDS = /^(IngressRoute(TCP|UDP)?|(HTTP|GRPC|TLS|TCP|UDP)Route|Gateway)$/;

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedRoutes: stringListSchema("Routes and Gateways allowed, as namespace/name", []),
  },
};

export const kubernetesEdgeRoutes: ResourceValidationPolicy = {
  name: "kubernetes-edge-routes",
  description:
    "No Traefik IngressRoute (TCP, UDP) nor Gateway API Gateway or route (HTTP, GRPC, TLS, TCP, UDP) publishes a backend past the ingress controller, unless allowlisted.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Publish through an Ingress of the cluster's ingress class, which the TLS and exposure " +
    "policies check. Start k3s with --disable traefik. List a reviewed route in this policy's " +
    "allowedRoutes config (namespace/name).",
  configSchema,
  validateResource: (args, reportViolation) => {
    const match = /^kubernetes:([^/]+)\/[^:]+:(.+)$/.exec(baseType(args.type));
    if (!match || !ROUTE_GROUPS.includes(match[1]) || !ROUTE_KINDS.test(match[2])) {
      return;
    }
    const { allowedRoutes } = configWithDefaults<{ allowedRoutes: string[] }>(
      configSchema,
      args.getConfig(),
    );
    const metadata = readKnown<{ metadata?: { name?: unknown; namespace?: unknown } }>(args.props)
      .value.metadata;
    const id = `${String(metadata?.namespace ?? "default")}/${String(metadata?.name ?? args.name)}`;
    if (!allowedRoutes.includes(id)) {
      reportViolation(
        `${match[2]} ${id} (${match[1]}) publishes traffic past the ingress controller`,
      );
    }
  },
};
