/** Longhorn chart values for a small cluster. */
export interface LonghornValuesInput {
  readonly replicaCount: number;
  readonly reclaimPolicy: "Retain" | "Delete";
  readonly backupTargetUrl?: string;
  readonly backupCredentialSecret?: string;
}

export function longhornValues(input: LonghornValuesInput): Record<string, unknown> {
  const replicas = String(input.replicaCount);
  return {
    persistence: {
      // The `longhorn` StorageClass becomes the cluster default (seed 004, phase 2.2).
      defaultClass: true,
      defaultClassReplicaCount: input.replicaCount,
      reclaimPolicy: input.reclaimPolicy,
    },
    defaultSettings: {
      // Volumes made in Longhorn's UI get the same count; Longhorn keeps each replica on its
      // own node, so a count above the node count leaves volumes degraded forever.
      defaultReplicaCount: { v1: replicas, v2: replicas },
    },
    ...(input.backupTargetUrl
      ? {
          defaultBackupStore: {
            backupTarget: input.backupTargetUrl,
            ...(input.backupCredentialSecret
              ? { backupTargetCredentialSecret: input.backupCredentialSecret }
              : {}),
          },
        }
      : {}),
  };
}
