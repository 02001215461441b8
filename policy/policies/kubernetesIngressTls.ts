import { ResourceValidationPolicy } from "@pulumi/policy";

interface IngressProps {
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { rules?: { host?: string }[]; tls?: { hosts?: string[]; secretName?: string }[] };
}

const ISSUER_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

export const kubernetesIngressTls: ResourceValidationPolicy = {
  name: "kubernetes-ingress-tls",
  description: "Every Ingress has TLS for each of its hosts and a cert-manager issuer annotation.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Add spec.tls with every rule's host and a secretName, and the annotation cert-manager.io/cluster-issuer: letsencrypt-prod.",
  validateResource: (args, reportViolation) => {
    if (args.type !== "kubernetes:networking.k8s.io/v1:Ingress") {
      return;
    }
    const props = args.props as IngressProps;
    const name = props.metadata?.name ?? args.name;
    const covered = new Set((props.spec?.tls ?? []).flatMap((tls) => tls.hosts ?? []));
    for (const rule of props.spec?.rules ?? []) {
      if (!rule.host) {
        reportViolation(`Ingress ${name} has a rule without a host, which TLS cannot cover`);
      } else if (!covered.has(rule.host)) {
        reportViolation(`Ingress ${name} serves ${rule.host} without TLS`);
      }
    }
    const annotations = props.metadata?.annotations ?? {};
    if (!ISSUER_ANNOTATIONS.some((key) => annotations[key])) {
      reportViolation(`Ingress ${name} has no cert-manager issuer annotation`);
    }
  },
};
