import * as pulumi from "@pulumi/pulumi";

/**
 * An S3-compatible object store outside the cluster (MinIO, Garage, AWS S3...) that holds the
 * cluster's backups: Longhorn volume backups and Velero's copies of the Kubernetes objects.
 */
export interface S3BackupStore {
  /** The store's endpoint URL, e.g. `http://192.168.2.106:9000`. */
  readonly endpoint: string;
  readonly bucket: string;
  /** Region the clients sign requests for; S3-compatible servers accept their configured one (MinIO: `us-east-1`). */
  readonly region: string;
  readonly accessKeyId: pulumi.Input<string>;
  readonly secretAccessKey: pulumi.Input<string>;
}

/** The AWS shared-credentials file Velero's AWS plugin reads (key `cloud` of its Secret). */
export function awsCredentialsFile(store: S3BackupStore): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.interpolate`[default]\naws_access_key_id=${store.accessKeyId}\naws_secret_access_key=${store.secretAccessKey}\n`,
  );
}
