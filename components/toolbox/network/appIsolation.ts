import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

type NetworkPolicyPeer = kubernetes.types.input.networking.v1.NetworkPolicyPeer;

/** The label Kubernetes (1.22+) puts on every namespace: its own name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Port cert-manager's ACME HTTP-01 solver pods listen on (ingress-nginx proxies to them). */
export const ACME_SOLVER_PORT = 8089;

/** One class of client admitted to some pods of the namespace. */
export interface IsolationClient {
  /** For the NetworkPolicy's name: `allow-<name>`. */
  readonly name: string;
  /** Namespaces (by name) whose pods may connect. */
  readonly namespaces: readonly pulumi.Input<string>[];
  /** Pods of this namespace they may reach (labels); default: every pod. */
  readonly podSelector?: Readonly<Record<string, string>>;
  /** TCP ports they may reach. */
  readonly ports: readonly number[];
}

export interface AppIsolationArgs {
  /** The app namespace the policies live in and protect. */
  readonly namespace: pulumi.Input<string>;
  /** Namespace of the ingress controller; none: the namespace serves nothing publicly. */
  readonly ingressControllerNamespace?: string;
  /** Container ports the ingress controller may reach (the web ports; ACME's solver is added). */
  readonly webPorts?: readonly number[];
  /** Namespace of the monitoring stack and the ports it scrapes; none: no scrapes. */
  readonly monitoring?: { readonly namespace: string; readonly ports: readonly number[] };
  /** Further clients from other namespaces (e.g. the database's clients). */
  readonly clients?: readonly IsolationClient[];
}

function fromNamespaces(names: readonly pulumi.Input<string>[]): NetworkPolicyPeer[] {
  return [
    {
      namespaceSelector: {
        matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...names] }],
      },
    },
  ];
}

function tcp(ports: readonly number[]) {
  return [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: "TCP", port }));
}

/**
 * Ingress isolation of one app namespace: every pod denies incoming connections by default;
 * pods of the namespace reach each other; the ingress controller reaches the web ports (and
 * cert-manager's HTTP-01 solver pods); monitoring reaches the scrape ports; listed clients from
 * other namespaces reach their ports. Egress is left open: apps call out to the internet.
 *
 * NetworkPolicies are additive: a connection is allowed when any policy selecting the target
 * pod admits it, so each allowance is its own policy with a name that says what it admits.
 */
export class AppIsolation extends pulumi.ComponentResource {
  readonly policies: kubernetes.networking.v1.NetworkPolicy[];

  constructor(name: string, args: AppIsolationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:AppIsolation", name, {}, opts);
    const child = { parent: this };
    const labels = { "app.kubernetes.io/managed-by": "pulumi" };
    const policy = (suffix: string, spec: kubernetes.types.input.networking.v1.NetworkPolicySpec) =>
      new kubernetes.networking.v1.NetworkPolicy(
        `${name}-${suffix}`,
        { metadata: { name: suffix, namespace: args.namespace, labels }, spec },
        child,
      );
    for (const client of args.clients ?? []) {
      if (client.namespaces.length === 0 || client.ports.length === 0) {
        throw new pulumi.ResourceError(
          `client ${client.name} of ${name} names no namespace or no port`,
          this,
        );
      }
    }

    this.policies = [
      // Selects every pod and admits nothing: what the other policies do not allow is refused.
      policy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"], ingress: [] }),
      policy("allow-same-namespace", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: {} }] }],
      }),
    ];
    if (args.ingressControllerNamespace && args.webPorts && args.webPorts.length > 0) {
      this.policies.push(
        policy("allow-ingress-controller", {
          podSelector: {},
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: fromNamespaces([args.ingressControllerNamespace]),
              ports: tcp([...args.webPorts, ACME_SOLVER_PORT]),
            },
          ],
        }),
      );
    }
    if (args.monitoring && args.monitoring.ports.length > 0) {
      this.policies.push(
        policy("allow-monitoring", {
          podSelector: {},
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: fromNamespaces([args.monitoring.namespace]),
              ports: tcp(args.monitoring.ports),
            },
          ],
        }),
      );
    }
    for (const client of args.clients ?? []) {
      this.policies.push(
        policy(`allow-${client.name}`, {
          podSelector: client.podSelector ? { matchLabels: { ...client.podSelector } } : {},
          policyTypes: ["Ingress"],
          ingress: [{ from: fromNamespaces(client.namespaces), ports: tcp(client.ports) }],
        }),
      );
    }
    this.registerOutputs({});
  }
}
