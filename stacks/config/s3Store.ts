import * as pulumi from "@pulumi/pulumi";
import { ConfigReader, isHostname } from "./configReader";

/** Scheme, host, an optional port without leading zeros, an optional slash: no path. */
const ENDPOINT = /^https?:\/\/([^/:]+)(?::([1-9]\d*))?\/?$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{2,32}$/;

/**
 * An S3 client's endpoint: http(s), a host name (any case: DNS ignores it) or IPv4 address, a
 * port from 1 to 65535. The path style puts the bucket in the path, so the endpoint has none.
 */
export function isS3Endpoint(url: string): boolean {
  const match = ENDPOINT.exec(url);
  return match !== null && isHostname(match[1].toLowerCase()) && Number(match[2] ?? 1) <= 65535;
}

/** An S3-compatible store: where, and with which keys (both given, or both undefined). */
export interface S3Store {
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId?: pulumi.Output<string>;
  readonly secretAccessKey?: pulumi.Output<string>;
}

/**
 * `<namespace>:bucket`, `:region`, `:accessKeyId` and `:secretAccessKey` beside an endpoint the
 * caller read from `<namespace>:s3Url` (checked here unless empty: the caller reported it missing).
 */
export function readS3Store(
  reader: ConfigReader,
  namespace: string,
  endpoint: string,
  bucketPurpose: string,
): S3Store {
  if (endpoint && !isS3Endpoint(endpoint)) {
    reader.fail(
      `${namespace}:s3Url`,
      endpoint,
      "an http(s) URL with a host name or IPv4 address and an optional port from 1 to 65535, no path",
    );
  }
  const bucket = reader.requiredString(namespace, "bucket", bucketPurpose);
  if (bucket && !BUCKET.test(bucket)) {
    reader.fail(
      `${namespace}:bucket`,
      bucket,
      "an S3 bucket name: 3-63 lower-case letters, digits, dots, hyphens",
    );
  }
  const region = reader.string(namespace, "region", "us-east-1");
  if (!REGION.test(region)) {
    reader.fail(`${namespace}:region`, region, "a region name such as us-east-1");
  }
  const accessKeyId = reader.optionalSecret(namespace, "accessKeyId");
  const secretAccessKey = reader.optionalSecret(namespace, "secretAccessKey");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing = accessKeyId === undefined ? "accessKeyId" : "secretAccessKey";
    reader.fail(
      `${namespace}:${missing}`,
      undefined,
      `set too: give both ${namespace} keys, or neither to generate them`,
    );
  }
  return { endpoint, bucket, region, accessKeyId, secretAccessKey };
}
