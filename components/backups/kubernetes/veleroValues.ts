import { S3BackupStore } from "../store/s3BackupStore";

/** A Velero Schedule: when it backs up and how long each backup lives. */
export interface BackupSchedule {
  /** Five-field cron expression. */
  readonly cron: string;
  /** Go duration Velero keeps each backup, e.g. `720h`. */
  readonly ttl: string;
}

export interface VeleroValuesInput {
  readonly store: S3BackupStore;
  readonly prefix: string;
  readonly credentialsSecret: string;
  readonly pluginImage: string;
  readonly kubectlImageTag: string;
  readonly schedules: Readonly<Record<string, BackupSchedule>>;
}

export const BACKUP_LOCATION = "default";

/**
 * Velero chart values: one S3-compatible BackupStorageLocation, no volume snapshots (Longhorn
 * backs up volume data; Velero keeps the Kubernetes objects), and cluster-wide schedules whose
 * backups outlive their schedule.
 */
export function veleroValues(input: VeleroValuesInput): Record<string, unknown> {
  return {
    initContainers: [
      {
        name: "velero-plugin-for-aws",
        image: input.pluginImage,
        imagePullPolicy: "IfNotPresent",
        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
      },
    ],
    credentials: { useSecret: true, existingSecret: input.credentialsSecret },
    configuration: {
      backupStorageLocation: [
        {
          name: BACKUP_LOCATION,
          provider: "aws",
          bucket: input.store.bucket,
          prefix: input.prefix,
          default: true,
          accessMode: "ReadWrite",
          config: {
            region: input.store.region,
            // S3-compatible servers address buckets by path, not by virtual host.
            s3ForcePathStyle: "true",
            s3Url: input.store.endpoint,
          },
        },
      ],
    },
    snapshotsEnabled: false,
    deployNodeAgent: false,
    // The CRD-upgrade job's kubectl would otherwise follow the cluster's version: pin it.
    kubectl: { image: { tag: input.kubectlImageTag } },
    schedules: Object.fromEntries(
      Object.entries(input.schedules).map(([name, schedule]) => [
        name,
        {
          disabled: false,
          schedule: schedule.cron,
          // Deleting a schedule must not delete the backups it made.
          useOwnerReferencesInBackup: false,
          template: {
            ttl: schedule.ttl,
            storageLocation: BACKUP_LOCATION,
            includedNamespaces: ["*"],
            snapshotVolumes: false,
          },
        },
      ]),
    ),
  };
}
