import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

interface ServiceProps {
  metadata?: { name?: string; namespace?: string };
  spec?: { type?: string };
}

const EXPOSED = ["LoadBalancer", "NodePort"];

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedServices: stringListSchema(
      "Services that may be LoadBalancer or NodePort: name (any namespace) or namespace/name",
      ["ingress-nginx/ingress-nginx-controller"],
    ),
  },
};

export const kubernetesExposedServices: ResourceValidationPolicy = {
  name: "kubernetes-exposed-services",
  description:
    "Only allowlisted Services (the ingress controller) are of type LoadBalancer or NodePort; everything else is reached through an Ingress.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use a ClusterIP Service behind an Ingress. List a Service in this policy's allowedServices " +
    "config (name or namespace/name) only if it is the cluster's edge.",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== "kubernetes:core/v1:Service") {
      return;
    }
    const inputs = readKnown<ServiceProps>(args.props);
    const props = inputs.value;
    const type = props.spec?.type;
    if (!type || !EXPOSED.includes(type)) {
      return;
    }
    if (!inputs.isKnown("metadata.name")) {
      return;
    }
    const name = props.metadata?.name ?? args.name;
    const { allowedServices } = configWithDefaults<{ allowedServices: string[] }>(
      configSchema,
      args.getConfig(),
    );
    if (allowedServices.includes(name)) {
      return;
    }
    if (!inputs.isKnown("metadata.namespace")) {
      // Allowed if the namespace turns out to be the one listed: decided at update time.
      if (allowedServices.some((entry) => entry.endsWith(`/${name}`))) {
        return;
      }
    } else if (allowedServices.includes(`${props.metadata?.namespace ?? "default"}/${name}`)) {
      return;
    }
    const namespace = inputs.isKnown("metadata.namespace")
      ? (props.metadata?.namespace ?? "default")
      : "(unknown)";
    reportViolation(`Service ${namespace}/${name} is of type ${type}`);
  },
};
