import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringListSchema } from "../lib/stringList";

interface ServiceProps {
  metadata?: { name?: string; namespace?: string };
  spec?: { type?: string };
}

const EXPOSED = ["LoadBalancer", "NodePort"];

export const kubernetesExposedServices: ResourceValidationPolicy = {
  name: "kubernetes-exposed-services",
  description:
    "Only allowlisted Services (the ingress controller) are of type LoadBalancer or NodePort.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use a ClusterIP Service behind an Ingress; list a Service in allowedServices (name or namespace/name) only if it is the cluster's edge.",
  configSchema: {
    properties: {
      allowedServices: stringListSchema(
        "Services (name or namespace/name) that may be LoadBalancer or NodePort",
        ["ingress-nginx/ingress-nginx-controller"],
      ),
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== "kubernetes:core/v1:Service") {
      return;
    }
    const props = args.props as ServiceProps;
    const type = props.spec?.type;
    if (!type || !EXPOSED.includes(type)) {
      return;
    }
    const name = props.metadata?.name ?? args.name;
    const qualified = `${props.metadata?.namespace ?? "default"}/${name}`;
    const allowed = args.getConfig<{ allowedServices: string[] }>().allowedServices;
    if (!allowed.includes(name) && !allowed.includes(qualified)) {
      reportViolation(`Service ${qualified} is of type ${type}`);
    }
  },
};
