import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export interface BackupStoreCredentialsArgs {
  /** An access key the store already issued. Default: a generated 20-character key ID. */
  readonly accessKeyId?: pulumi.Input<string>;
  /** Its secret. Default: a generated 40-character secret. Give both or neither. */
  readonly secretAccessKey?: pulumi.Input<string>;
}

/**
 * The key pair the cluster uses to write backups. Stores run by the operator (MinIO on the
 * management host) take a key pair of our choosing, so one is generated, kept in state and
 * output for the operator to register on the store; a provider-issued pair can be given instead.
 */
export class BackupStoreCredentials extends pulumi.ComponentResource {
  readonly accessKeyId: pulumi.Output<string>;
  readonly secretAccessKey: pulumi.Output<string>;

  constructor(
    name: string,
    args: BackupStoreCredentialsArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("platform:backupStore:BackupStoreCredentials", name, {}, opts);

    if ((args.accessKeyId === undefined) !== (args.secretAccessKey === undefined)) {
      throw new pulumi.ResourceError("give both accessKeyId and secretAccessKey, or neither", this);
    }
    // Upper-case letters and digits, like the key IDs S3 servers issue; no symbols, which some
    // tools mangle in credential files.
    this.accessKeyId = pulumi.secret(
      args.accessKeyId ??
        new random.RandomString(
          `${name}-access-key-id`,
          { length: 20, special: false, lower: false },
          { parent: this },
        ).result,
    );
    this.secretAccessKey = pulumi.secret(
      args.secretAccessKey ??
        new random.RandomPassword(
          `${name}-secret-access-key`,
          { length: 40, special: false },
          { parent: this },
        ).result,
    );
    this.registerOutputs({ accessKeyId: this.accessKeyId, secretAccessKey: this.secretAccessKey });
  }
}
