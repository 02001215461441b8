import { isLonghornBackupUrl } from "../../components/cluster/longhorn/backupTarget";
import { RecurringSchedule } from "../../components/cluster/longhorn/recurringJobs";
import { isCronExpression } from "../../components/toolbox/kubernetes/cron";
import { BackupSchedule } from "../../components/backups/kubernetes/veleroValues";
import { ConfigReader } from "../config/configReader";
import { readS3Store, S3Store } from "../config/s3Store";

/** The S3-compatible store outside the cluster; keys both given, or both undefined (generated). */
export type BackupStoreConfig = S3Store;

/** Where Longhorn writes backups: the shared store, an NFS export, or nowhere. */
export type LonghornTargetConfig =
  | { readonly kind: "store"; readonly prefix: string }
  | { readonly kind: "nfs"; readonly url: string }
  | { readonly kind: "none" };

export interface BackupConfig {
  /** Undefined when nothing uses it (Velero off and Longhorn on NFS or none). */
  readonly store?: BackupStoreConfig;
  readonly longhornTarget: LonghornTargetConfig;
  readonly longhornSnapshots: RecurringSchedule;
  readonly longhornBackups: RecurringSchedule;
  readonly velero: {
    readonly enabled: boolean;
    readonly prefix: string;
    readonly pluginImage: string;
    /** Tag of the chart's kubectl image (versions.json `velero-kubectl`). */
    readonly kubectlImageTag: string;
    readonly schedules: Readonly<Record<string, BackupSchedule>>;
  };
}

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const GO_DURATION = /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/;

function cron(reader: ConfigReader, namespace: string, key: string, fallback: string): string {
  const value = reader.string(namespace, key, fallback);
  if (!isCronExpression(value)) {
    reader.fail(`${namespace}:${key}`, value, "a five-field cron expression such as 0 2 * * *");
  }
  return value;
}

function matching(
  reader: ConfigReader,
  namespace: string,
  key: string,
  fallback: string,
  pattern: RegExp,
  expected: string,
): string {
  const value = reader.string(namespace, key, fallback);
  if (!pattern.test(value)) {
    reader.fail(`${namespace}:${key}`, value, expected);
  }
  return value;
}

function longhornTarget(reader: ConfigReader): LonghornTargetConfig {
  const value = reader.optionalString("longhorn", "backupTarget");
  if (value === undefined) {
    return { kind: "store", prefix: "longhorn" };
  }
  if (value === "none") {
    return { kind: "none" };
  }
  if (value.startsWith("nfs://") && isLonghornBackupUrl(value)) {
    return { kind: "nfs", url: value };
  }
  reader.fail(
    "longhorn:backupTarget",
    value,
    "nfs://host:/path, none, or unset to use the backup store (backup:*) under longhorn/",
  );
  return { kind: "none" };
}

function store(reader: ConfigReader): BackupStoreConfig {
  const endpoint = reader.requiredString(
    "backup",
    "s3Url",
    "the S3-compatible store for backups, such as http://192.168.2.106:9000",
  );
  return readS3Store(reader, "backup", endpoint, "the bucket backups go to");
}

/** Reads the backup store, Longhorn's target and jobs, and Velero's location and schedules. */
export function loadBackupConfig(reader: ConfigReader): BackupConfig {
  const target = longhornTarget(reader);
  const veleroEnabled = reader.boolean("velero", "enabled", true);
  const retain = (key: string, fallback: number) =>
    reader.integer("longhorn", key, fallback, 1, 250);
  const ttl = (key: string, fallback: string) =>
    matching(reader, "velero", key, fallback, GO_DURATION, "a duration in hours such as 720h");

  return {
    store: veleroEnabled || target.kind === "store" ? store(reader) : undefined,
    longhornTarget: target,
    longhornSnapshots: {
      cron: cron(reader, "longhorn", "snapshotCron", "0 */6 * * *"),
      retain: retain("snapshotRetain", 28),
    },
    longhornBackups: {
      cron: cron(reader, "longhorn", "backupCron", "0 2 * * *"),
      retain: retain("backupRetain", 14),
    },
    velero: {
      enabled: veleroEnabled,
      prefix: matching(
        reader,
        "velero",
        "prefix",
        "velero",
        PREFIX,
        "a folder name such as velero",
      ),
      pluginImage: reader.image(
        "velero",
        "pluginImage",
        reader.versions().image("velero-plugin-for-aws"),
      ),
      kubectlImageTag: reader.versions().tag("velero-kubectl"),
      schedules: {
        daily: {
          cron: cron(reader, "velero", "dailyCron", "0 3 * * *"),
          ttl: ttl("dailyTtl", "168h"),
        },
        weekly: {
          cron: cron(reader, "velero", "weeklyCron", "0 4 * * 0"),
          ttl: ttl("weeklyTtl", "720h"),
        },
      },
    },
  };
}
