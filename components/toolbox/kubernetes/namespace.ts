import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Pod Security Standard levels: https://kubernetes.io/docs/concepts/security/pod-security-standards/ */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/**
 * Labels that make Pod Security admission enforce `level` in a namespace, and audit and warn at
 * the same level, so that a pod the namespace refuses is explained rather than silently missing.
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/audit": level,
    "pod-security.kubernetes.io/warn": level,
  };
}

export interface NamespaceOptions {
  /** The Kubernetes name of the namespace. */
  readonly name: string;
  /** What its workloads may do. System components that touch the host need `privileged`. */
  readonly podSecurity: PodSecurityLevel;
  /**
   * Leave the namespace in the cluster when Pulumi deletes the resource. Deleting a namespace
   * deletes every PersistentVolumeClaim and custom resource in it, so namespaces that hold data
   * (Longhorn's volumes, Prometheus' claim) are retained. Default: false.
   */
  readonly retainOnDelete?: boolean;
}

/**
 * A namespace created explicitly (never by `helm --create-namespace`), so that its Pod Security
 * labels exist before the first pod is admitted.
 */
export function namespace(
  resourceName: string,
  options: NamespaceOptions,
  opts: pulumi.CustomResourceOptions,
): kubernetes.core.v1.Namespace {
  return new kubernetes.core.v1.Namespace(
    resourceName,
    {
      metadata: {
        name: options.name,
        labels: {
          "app.kubernetes.io/managed-by": "pulumi",
          ...podSecurityLabels(options.podSecurity),
        },
      },
    },
    { ...opts, retainOnDelete: options.retainOnDelete ?? false },
  );
}
