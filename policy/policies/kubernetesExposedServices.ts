import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { baseType, listOf } from "../lib/podSpecs";
import { stringListSchema } from "../lib/stringList";

interface ServiceProps {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    type?: unknown;
    externalIPs?: unknown;
    selector?: Record<string, unknown>;
    ports?: unknown;
  };
}

interface Config {
  allowedServices: string[];
  edgeSelector: Record<string, string>;
  edgePorts: number[];
}

const EXPOSED = ["LoadBalancer", "NodePort"];

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedServices: stringListSchema(
      "Services that may be LoadBalancer or NodePort: name (any namespace) or namespace/name",
      ["ingress-nginx/ingress-nginx-controller"],
    ),
    edgeSelector: {
      type: "object",
      additionalProperties: { type: "string" },
      default: {
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/component": "controller",
      },
      description:
        "Labels an allowed Service's selector must contain: the pods of the ingress controller",
    },
    edgePorts: {
      type: "array",
      items: { type: "integer", minimum: 1, maximum: 65535 },
      default: [80, 443],
      description: "The only ports an allowed Service may expose",
    },
  },
};

export const kubernetesExposedServices: ResourceValidationPolicy = {
  name: "kubernetes-exposed-services",
  description:
    "Only allowlisted Services are of type LoadBalancer or NodePort, and only when they select the ingress controller's pods (edgeSelector) on edgePorts; no Service (or ServicePatch) sets externalIPs. Everything else is reached through an Ingress.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use a ClusterIP Service behind an Ingress and no externalIPs. List a Service in this " +
    "policy's allowedServices config (name or namespace/name) only if it is the cluster's edge: " +
    "its selector must hold the edgeSelector labels and its ports must be in edgePorts.",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (baseType(args.type) !== "kubernetes:core/v1:Service") {
      return;
    }
    const inputs = readKnown<ServiceProps>(args.props);
    const props = inputs.value;
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    const name = String(props.metadata?.name ?? args.name);
    const namespace = inputs.isKnown("metadata.namespace")
      ? String(props.metadata?.namespace ?? "default")
      : "(unknown)";
    const externalIPs = props.spec?.externalIPs;
    if (externalIPs !== undefined && (!Array.isArray(externalIPs) || externalIPs.length > 0)) {
      reportViolation(
        `Service ${namespace}/${name} sets externalIPs ${JSON.stringify(externalIPs)}: every node answers on them`,
      );
    }
    const type = props.spec?.type;
    if (type !== undefined && typeof type !== "string") {
      reportViolation(`Service ${namespace}/${name} has type ${JSON.stringify(type)}, not a name`);
      return;
    }
    if (!type || !EXPOSED.includes(type)) {
      return;
    }
    if (!inputs.isKnown("metadata.name")) {
      return;
    }
    const listed =
      config.allowedServices.includes(name) ||
      (namespace === "(unknown)"
        ? // Allowed if the namespace turns out to be the one listed: decided at update time.
          config.allowedServices.some((entry) => entry.endsWith(`/${name}`))
        : config.allowedServices.includes(`${namespace}/${name}`));
    if (!listed) {
      reportViolation(`Service ${namespace}/${name} is of type ${type}`);
      return;
    }
    // The name is the program's word; what the Service sends traffic to is the selector.
    const selector = props.spec?.selector;
    if (inputs.isKnown("spec.selector")) {
      const missing = Object.entries(config.edgeSelector).filter(
        ([key, value]) => selector?.[key] !== value,
      );
      if (missing.length > 0) {
        reportViolation(
          `Service ${namespace}/${name} is allowlisted as the edge but does not select the ingress controller (missing ${missing.map(([k, v]) => `${k}=${v}`).join(", ")})`,
        );
      }
    }
    listOf<{ port?: unknown }>(props.spec?.ports).forEach((port, i) => {
      if (!inputs.isKnown(`spec.ports[${i}].port`)) {
        return;
      }
      if (typeof port?.port !== "number" || !config.edgePorts.includes(port.port)) {
        reportViolation(
          `Service ${namespace}/${name} is allowlisted as the edge but exposes port ${JSON.stringify(port?.port)}; edge ports: ${config.edgePorts.join(", ")}`,
        );
      }
    });
  },
};
