import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { requireStorageQuantity } from "./quantity";

export interface DataClaimSpec {
  /** Kubernetes name of the claim. */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  /** e.g. `20Gi`. */
  readonly size: string;
  /** Default: `longhorn`. */
  readonly storageClassName?: pulumi.Input<string>;
  readonly labels?: Record<string, string>;
}

/**
 * A ReadWriteOnce claim that holds data: Pulumi protects it (a destroy stops at it) and retains
 * it on delete (removing it from the program leaves the claim, and with Longhorn's Retain
 * reclaim policy the volume, in the cluster).
 */
export function dataClaim(
  resourceName: string,
  spec: DataClaimSpec,
  opts: pulumi.CustomResourceOptions,
): kubernetes.core.v1.PersistentVolumeClaim {
  return new kubernetes.core.v1.PersistentVolumeClaim(
    resourceName,
    {
      metadata: {
        name: spec.name,
        namespace: spec.namespace,
        labels: { "app.kubernetes.io/managed-by": "pulumi", ...spec.labels },
      },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: spec.storageClassName ?? "longhorn",
        resources: { requests: { storage: requireStorageQuantity(spec.name, spec.size) } },
      },
    },
    // A claim is Bound only once a pod uses it (WaitForFirstConsumer); do not wait for that.
    {
      ...opts,
      protect: true,
      retainOnDelete: true,
    },
  );
}
