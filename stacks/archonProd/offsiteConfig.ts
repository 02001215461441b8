import * as pulumi from "@pulumi/pulumi";
import { ConfigReader } from "../config/configReader";
import { readS3Store } from "../config/s3Store";

const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** `offsite:*`: where archon-prod's dumps are copied off the host; undefined: nowhere. */
export interface OffsiteConfig {
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly prefix: string;
  readonly accessKeyId?: pulumi.Output<string>;
  readonly secretAccessKey?: pulumi.Output<string>;
  readonly intervalMinutes: number;
  readonly image: string;
}

/** Off-host copies are on when `offsite:s3Url` is set; they need the dumps (`backup:enabled`). */
export function loadOffsiteConfig(
  reader: ConfigReader,
  backupEnabled: boolean,
): OffsiteConfig | undefined {
  const endpoint = reader.optionalString("offsite", "s3Url");
  const image = reader.image("offsite", "image", reader.versions().image("rclone"));
  if (endpoint === undefined) {
    return undefined;
  }
  if (!backupEnabled) {
    reader.fail(
      "offsite:s3Url",
      endpoint,
      "unset while backup:enabled is false (no dumps to copy)",
    );
  }
  const store = readS3Store(reader, "offsite", endpoint, "the bucket the dumps are copied to");
  // The stack's name, so that two stacks sharing a bucket do not mix their dumps.
  const prefix = reader.string("offsite", "prefix", reader.stack);
  if (!PREFIX.test(prefix)) {
    reader.fail(
      "offsite:prefix",
      prefix,
      "a folder such as archon-prod (letters, digits, . _ - and /)",
    );
  }
  return {
    ...store,
    endpoint: endpoint.replace(/\/$/, ""),
    prefix,
    intervalMinutes: reader.integer("offsite", "intervalMinutes", 60, 5, 1440),
    image,
  };
}
