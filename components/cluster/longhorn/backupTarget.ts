import * as pulumi from "@pulumi/pulumi";
import { S3BackupStore } from "../../backups/store/s3BackupStore";

/** Where Longhorn writes volume backups. */
export type LonghornBackupTarget =
  /** An NFS export, `nfs://host:/path`; no credentials. */
  | { readonly kind: "nfs"; readonly url: string }
  /** A prefix in an S3-compatible store. */
  | { readonly kind: "s3"; readonly store: S3BackupStore; readonly prefix: string };

const NFS_URL = /^nfs:\/\/[^/:\s]+:\/\S*$/;
const S3_URL = /^s3:\/\/[a-z0-9.-]+@[a-z0-9-]+\/\S*$/;

/** True for the backup target URLs Longhorn accepts: `nfs://host:/path` or `s3://bucket@region/path`. */
export function isLonghornBackupUrl(url: string): boolean {
  return NFS_URL.test(url) || S3_URL.test(url);
}

/** The URL Longhorn's `backup-target` setting takes. */
export function backupTargetUrl(target: LonghornBackupTarget): string {
  if (target.kind === "nfs") {
    return target.url;
  }
  const prefix = target.prefix.replace(/^\/+|\/+$/g, "");
  return `s3://${target.store.bucket}@${target.store.region}/${prefix}/`;
}

/**
 * The keys Longhorn's backup credential Secret must hold for an S3-compatible store;
 * AWS_ENDPOINTS points it away from AWS.
 */
export function longhornS3Credentials(store: S3BackupStore): Record<string, pulumi.Input<string>> {
  return {
    AWS_ACCESS_KEY_ID: store.accessKeyId,
    AWS_SECRET_ACCESS_KEY: store.secretAccessKey,
    AWS_ENDPOINTS: store.endpoint,
  };
}
