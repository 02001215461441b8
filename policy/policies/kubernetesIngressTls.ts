import { ResourceValidationPolicy } from "@pulumi/policy";
import { readKnown } from "../lib/known";

interface IngressProps {
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { rules?: { host?: string }[]; tls?: { hosts?: string[]; secretName?: string }[] };
}

const ISSUER_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

/** True when a TLS host (possibly a wildcard such as *.example.com) covers a rule's host. */
function covers(tlsHost: string, host: string): boolean {
  const t = tlsHost.toLowerCase();
  const h = host.toLowerCase();
  if (t === h) {
    return true;
  }
  if (t.startsWith("*.") && !h.startsWith("*.")) {
    const dot = h.indexOf(".");
    return dot > 0 && h.slice(dot + 1) === t.slice(2);
  }
  return false;
}

export const kubernetesIngressTls: ResourceValidationPolicy = {
  name: "kubernetes-ingress-tls",
  description:
    "Every Ingress has a TLS entry (with a secretName) covering each of its rules' hosts and a cert-manager issuer annotation.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Add spec.tls with every rule's host and a secretName, and the annotation " +
    "cert-manager.io/cluster-issuer: letsencrypt-prod (or cert-manager.io/issuer for a " +
    "namespaced Issuer), so cert-manager issues and renews the certificate.",
  validateResource: (args, reportViolation) => {
    if (args.type !== "kubernetes:networking.k8s.io/v1:Ingress") {
      return;
    }
    const inputs = readKnown<IngressProps>(args.props);
    const props = inputs.value;
    const name = props.metadata?.name ?? args.name;
    const tls = props.spec?.tls ?? [];
    const tlsKnown = inputs.isKnown("spec.tls");
    tls.forEach((entry, i) => {
      if (!entry.secretName && inputs.isKnown(`spec.tls[${i}].secretName`)) {
        reportViolation(`Ingress ${name} has a TLS entry without a secretName`);
      }
    });
    const tlsHosts = tls.flatMap((entry) => entry.hosts ?? []);
    (props.spec?.rules ?? []).forEach((rule, i) => {
      if (!inputs.isKnown(`spec.rules[${i}].host`) || !tlsKnown) {
        return;
      }
      if (!rule.host) {
        reportViolation(`Ingress ${name} has a rule without a host, which TLS cannot cover`);
      } else if (!tlsHosts.some((tlsHost) => covers(tlsHost, rule.host!))) {
        // Hosts of TLS entries that are unknown could cover it: only report when all are known.
        const allTlsHostsKnown = tls.every((_, j) => inputs.isKnown(`spec.tls[${j}].hosts`));
        if (allTlsHostsKnown) {
          reportViolation(`Ingress ${name} serves ${rule.host} without TLS`);
        }
      }
    });
    const annotations = props.metadata?.annotations ?? {};
    const hasIssuer = ISSUER_ANNOTATIONS.some((key) => annotations[key]);
    const annotationsKnown = ISSUER_ANNOTATIONS.every((key) =>
      inputs.isKnown(`metadata.annotations.${key}`),
    );
    if (!hasIssuer && annotationsKnown) {
      reportViolation(`Ingress ${name} has no cert-manager issuer annotation`);
    }
  },
};
