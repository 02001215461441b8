/**
 * A small evaluator of Kubernetes NetworkPolicy ingress rules (networking.k8s.io/v1), for tests
 * that check synthesized policies as rules: may a pod in one namespace open a TCP connection to
 * a pod in another on a port? Semantics as documented for the API:
 * - a pod no Ingress policy selects accepts everything;
 * - a selected pod accepts a connection when any rule of any policy selecting it admits it;
 * - a rule without `from` admits every source, without `ports` every port;
 * - a peer with only `podSelector` means pods of the policy's own namespace, with only
 *   `namespaceSelector` every pod of matching namespaces, with both the matching pods there;
 * - an empty selector matches everything. `ipBlock` peers are ignored (pod sources only).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    readonly values?: readonly string[];
  }[];
}

export interface NetworkPolicyObject {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: Any;
}

/** A pod: its namespace, its labels, its container ports (name -> number for named ports). */
export interface PodRef {
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  readonly namedPorts?: Record<string, number>;
}

export function selects(selector: LabelSelector | undefined, labels: Record<string, string>) {
  if (!selector) {
    return true;
  }
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) {
      return false;
    }
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    const ok =
      e.operator === "In"
        ? inValues
        : e.operator === "NotIn"
          ? !inValues
          : e.operator === "Exists"
            ? has
            : !has;
    if (!ok) {
      return false;
    }
  }
  return true;
}

function isIngressPolicy(spec: Any): boolean {
  const types: string[] | undefined = spec.policyTypes;
  // Without policyTypes, Ingress is always implied.
  return types === undefined || types.includes("Ingress");
}

export class NetworkPolicyModel {
  /** `namespaceLabels`: namespace -> its labels (kubernetes.io/metadata.name is added). */
  constructor(
    private readonly policies: readonly NetworkPolicyObject[],
    private readonly namespaceLabels: Readonly<Record<string, Record<string, string>>> = {},
  ) {}

  private labelsOfNamespace(ns: string): Record<string, string> {
    return { ...(this.namespaceLabels[ns] ?? {}), "kubernetes.io/metadata.name": ns };
  }

  private peerMatches(peer: Any, policyNs: string, from: PodRef): boolean {
    if (peer.ipBlock) {
      return false;
    }
    const podOk = peer.podSelector === undefined || selects(peer.podSelector, from.labels ?? {});
    const nsOk =
      peer.namespaceSelector === undefined
        ? from.namespace === policyNs
        : selects(peer.namespaceSelector, this.labelsOfNamespace(from.namespace));
    return podOk && nsOk;
  }

  private portMatches(rulePort: Any, to: PodRef, port: number): boolean {
    if ((rulePort.protocol ?? "TCP") !== "TCP") {
      return false;
    }
    if (rulePort.port === undefined) {
      return true;
    }
    const start =
      typeof rulePort.port === "number" ? rulePort.port : to.namedPorts?.[rulePort.port];
    if (start === undefined) {
      return false;
    }
    const end = rulePort.endPort ?? start;
    return port >= start && port <= end;
  }

  /** Policies (namespace/name) that select the target pod for ingress. */
  selecting(to: PodRef): NetworkPolicyObject[] {
    return this.policies.filter(
      (p) =>
        p.metadata.namespace === to.namespace &&
        isIngressPolicy(p.spec) &&
        selects(p.spec.podSelector ?? {}, to.labels ?? {}),
    );
  }

  /** True when a TCP connection from `from` to `to`:`port` is admitted. */
  allows(from: PodRef, to: PodRef, port: number): boolean {
    const selecting = this.selecting(to);
    if (selecting.length === 0) {
      return true;
    }
    return selecting.some((p) =>
      ((p.spec.ingress ?? []) as Any[]).some((rule) => {
        const fromOk =
          !rule.from ||
          rule.from.length === 0 ||
          rule.from.some((peer: Any) => this.peerMatches(peer, p.metadata.namespace, from));
        const portOk =
          !rule.ports ||
          rule.ports.length === 0 ||
          rule.ports.some((rp: Any) => this.portMatches(rp, to, port));
        return fromOk && portOk;
      }),
    );
  }
}
