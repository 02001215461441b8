import * as pulumi from "@pulumi/pulumi";

/** Where GPU workloads go and what they ask for (NvidiaGpuNode provides these). */
export interface GpuPlacement {
  /** e.g. `{ "nvidia.com/gpu": "present" }`. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** e.g. `nvidia`. */
  readonly runtimeClassName: string;
  /** e.g. `nvidia.com/gpu`. */
  readonly resourceName: string;
}

/** What the cluster platform gives the services running on it. */
export interface ServicesPlatform {
  /** StorageClass of every data claim. Default: `longhorn`. */
  readonly storageClassName?: pulumi.Input<string>;
  /** ClusterIssuer that signs every ingress certificate. Default: `letsencrypt-prod`. */
  readonly clusterIssuer?: pulumi.Input<string>;
  /** IngressClass of every ingress. Default: `nginx`. */
  readonly ingressClassName?: pulumi.Input<string>;
  /** Resources that must exist before workloads are created (storage, ingress, issuers). */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

export const DEFAULT_STORAGE_CLASS = "longhorn";
export const DEFAULT_CLUSTER_ISSUER = "letsencrypt-prod";
export const DEFAULT_INGRESS_CLASS = "nginx";

/** The platform with every default filled in. */
export function platformDefaults(platform: ServicesPlatform): Required<ServicesPlatform> {
  return {
    storageClassName: platform.storageClassName ?? DEFAULT_STORAGE_CLASS,
    clusterIssuer: platform.clusterIssuer ?? DEFAULT_CLUSTER_ISSUER,
    ingressClassName: platform.ingressClassName ?? DEFAULT_INGRESS_CLASS,
    waitFor: platform.waitFor ?? [],
  };
}
