import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";

/** Kinds whose pods the program declares itself (charts' pods are the charts' business). */
const WORKLOAD_TYPES = new Set([
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
  "kubernetes:core/v1:Pod",
]);
const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

interface Metadata {
  metadata?: { name?: string; namespace?: string };
}
interface SelectorProps {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}
interface NetworkPolicyProps extends Metadata {
  spec?: { podSelector?: SelectorProps; policyTypes?: string[]; ingress?: unknown[] };
}

interface Config {
  exemptNamespaces: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    exemptNamespaces: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Namespaces that run the program's pods without an ingress default deny.",
    },
  },
};

/** A policy that selects every pod of its namespace for ingress and admits nothing. */
function isDefaultDeny(props: NetworkPolicyProps): boolean {
  const spec = props.spec ?? {};
  const selector = spec.podSelector ?? {};
  const selectsAll =
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0;
  // Without policyTypes, Kubernetes implies Ingress.
  const forIngress = spec.policyTypes === undefined || spec.policyTypes.includes("Ingress");
  return selectsAll && forIngress && (spec.ingress ?? []).length === 0;
}

/**
 * An app namespace is one where the program runs pods of its own (Deployments, StatefulSets,
 * Jobs...). Each must have a NetworkPolicy that denies ingress to every pod by default, so that
 * only what other policies allow reaches its servers and databases (issue 14).
 */
export const kubernetesAppNamespaceDefaultDeny: StackValidationPolicy = {
  name: "kubernetes-app-namespace-default-deny",
  description:
    "Every namespace in which the program runs pods has a NetworkPolicy denying ingress to all its pods by default.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema,
  remediationSteps:
    "Create the namespace's policies with AppIsolation (components/toolbox/network/appIsolation.ts): " +
    "a NetworkPolicy with podSelector: {}, policyTypes: [Ingress] and no ingress rules, plus " +
    "one policy per allowed client; or list the namespace in exemptNamespaces.",
  validateStack: (args, reportViolation) => {
    const config = configWithDefaults<Config>(configSchema, args.getConfig<Config>());
    const exempt = new Set(config.exemptNamespaces);
    const denied = new Set<string>();
    const namespaceUrns = new Map<string, string>();
    const workloads = new Map<string, { name: string; urn: string }>();
    for (const resource of args.resources) {
      const props = readKnown<NetworkPolicyProps>(resource.props).value;
      const meta = props.metadata ?? {};
      if (resource.type === NAMESPACE && meta.name) {
        namespaceUrns.set(meta.name, resource.urn);
      } else if (resource.type === NETWORK_POLICY && meta.namespace && isDefaultDeny(props)) {
        denied.add(meta.namespace);
      } else if (WORKLOAD_TYPES.has(resource.type) && meta.namespace) {
        // A namespace that is unknown during preview is skipped, never guessed.
        if (!workloads.has(meta.namespace)) {
          workloads.set(meta.namespace, { name: meta.name ?? resource.name, urn: resource.urn });
        }
      }
    }
    for (const [namespace, first] of workloads) {
      if (denied.has(namespace) || exempt.has(namespace)) {
        continue;
      }
      reportViolation(
        `namespace ${namespace} runs pods (${first.name}) but has no NetworkPolicy denying ingress by default`,
        namespaceUrns.get(namespace) ?? first.urn,
      );
    }
  },
};
