import * as pulumi from "@pulumi/pulumi";
import { ConfigReader } from "../config/configReader";

const ENDPOINT = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{2,32}$/;
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
  if (!ENDPOINT.test(endpoint)) {
    reader.fail("offsite:s3Url", endpoint, "an http(s) URL with host and optional port, no path");
  }
  if (!backupEnabled) {
    reader.fail(
      "offsite:s3Url",
      endpoint,
      "unset while backup:enabled is false (no dumps to copy)",
    );
  }
  const bucket = reader.requiredString("offsite", "bucket", "the bucket the dumps are copied to");
  if (bucket && !BUCKET.test(bucket)) {
    reader.fail(
      "offsite:bucket",
      bucket,
      "an S3 bucket name: 3-63 lower-case letters, digits, dots, hyphens",
    );
  }
  const region = reader.string("offsite", "region", "us-east-1");
  if (!REGION.test(region)) {
    reader.fail("offsite:region", region, "a region name such as us-east-1");
  }
  // The stack's name, so that two stacks sharing a bucket do not mix their dumps.
  const prefix = reader.string("offsite", "prefix", reader.stack);
  if (!PREFIX.test(prefix)) {
    reader.fail(
      "offsite:prefix",
      prefix,
      "a folder such as archon-prod (letters, digits, . _ - and /)",
    );
  }
  const accessKeyId = reader.optionalSecret("offsite", "accessKeyId");
  const secretAccessKey = reader.optionalSecret("offsite", "secretAccessKey");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing = accessKeyId === undefined ? "offsite:accessKeyId" : "offsite:secretAccessKey";
    reader.fail(missing, undefined, "set too: give both offsite keys, or neither to generate them");
  }
  return {
    endpoint: endpoint.replace(/\/$/, ""),
    bucket,
    region,
    prefix,
    accessKeyId,
    secretAccessKey,
    intervalMinutes: reader.integer("offsite", "intervalMinutes", 60, 5, 1440),
    image,
  };
}
