import { ResourceValidationPolicy } from "@pulumi/policy";
import { readKnown } from "../lib/known";
import { baseType, listOf } from "../lib/podSpecs";

interface IngressProps {
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: {
    rules?: { host?: string }[];
    tls?: { hosts?: string[]; secretName?: string }[];
    defaultBackend?: unknown;
  };
}

/** Annotations of ingress-nginx that turn the HTTP-to-HTTPS redirect off. */
const REDIRECT_ANNOTATIONS = ["nginx.ingress.kubernetes.io/ssl-redirect"];

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
    "Every Ingress (and IngressPatch) has a TLS entry (with a secretName) covering each of its rules' hosts, a cert-manager issuer annotation, no defaultBackend (it answers every host, TLS or not) and no annotation turning the HTTPS redirect off.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Add spec.tls with every rule's host and a secretName, and the annotation " +
    "cert-manager.io/cluster-issuer: letsencrypt-prod (or cert-manager.io/issuer for a " +
    "namespaced Issuer), so cert-manager issues and renews the certificate.",
  validateResource: (args, reportViolation) => {
    if (baseType(args.type) !== "kubernetes:networking.k8s.io/v1:Ingress") {
      return;
    }
    const isPatch = baseType(args.type) !== args.type;
    const inputs = readKnown<IngressProps>(args.props);
    const props = inputs.value;
    const name = props.metadata?.name ?? args.name;
    const tls = listOf<NonNullable<NonNullable<IngressProps["spec"]>["tls"]>[number]>(
      props.spec?.tls,
    ).map((entry) => (entry && typeof entry === "object" ? entry : {}));
    if (props.spec?.defaultBackend !== undefined) {
      reportViolation(
        `Ingress ${name} has a defaultBackend, which answers every host and path no rule names`,
      );
    }
    const tlsKnown = inputs.isKnown("spec.tls");
    tls.forEach((entry, i) => {
      if (!entry.secretName && inputs.isKnown(`spec.tls[${i}].secretName`)) {
        reportViolation(`Ingress ${name} has a TLS entry without a secretName`);
      }
    });
    const tlsHosts = tls
      .flatMap((entry) => listOf<unknown>(entry.hosts))
      .filter((host): host is string => typeof host === "string");
    listOf<{ host?: string }>(props.spec?.rules).forEach((rule, i) => {
      if (!inputs.isKnown(`spec.rules[${i}].host`) || !tlsKnown) {
        return;
      }
      if (!rule || typeof rule.host !== "string" || !rule.host) {
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
    for (const key of REDIRECT_ANNOTATIONS) {
      const value = annotations[key] as unknown;
      if (value !== undefined && String(value).trim().toLowerCase() !== "true") {
        reportViolation(
          `Ingress ${name} sets ${key}: ${JSON.stringify(value)}, serving plain HTTP`,
        );
      }
    }
    if (isPatch) {
      return; // a patch may leave the issuer annotation to the object it patches
    }
    const hasIssuer = ISSUER_ANNOTATIONS.some((key) => annotations[key]);
    const annotationsKnown = ISSUER_ANNOTATIONS.every((key) =>
      inputs.isKnown(`metadata.annotations.${key}`),
    );
    if (!hasIssuer && annotationsKnown) {
      reportViolation(`Ingress ${name} has no cert-manager issuer annotation`);
    }
  },
};
