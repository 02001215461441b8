import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { readAlone } from "../../support/configAlone";
import { isS3Endpoint, readS3Store } from "../../../stacks/config/s3Store";
import { unwrap } from "../../support/unwrap";

/**
 * The S3-compatible stores of both stacks (archon-prod's `offsite:*`, sector7's `backup:*`),
 * read without a synthesis: every pattern at its boundaries, each refusal naming the key, the
 * value and what is allowed.
 */
function read(namespace: string, values: Record<string, string>, secretKeys: string[] = []) {
  const url = values[`${namespace}:s3Url`] ?? "";
  const found = readAlone(values, (reader) => readS3Store(reader, namespace, url, "the bucket"), {
    secretKeys,
  });
  return { store: found.result, problems: found.problems };
}

const label = (n: number) => "a".repeat(n);

describe("isS3Endpoint", () => {
  it.each([
    "http://s3.example.net",
    "https://s3.example.net",
    "https://s3.example.net/",
    "http://minio",
    "http://192.168.2.106:9000",
    "https://s3.example.net:9000/",
    // DNS ignores case; the host name is checked in lower case.
    "https://S3.Example.NET",
    "https://h:1",
    "https://h:65535",
    `https://${label(63)}.net`,
  ])("accepts %s", (url) => {
    expect(isS3Endpoint(url)).toBe(true);
  });

  it.each([
    ["no scheme", "s3.example.net"],
    ["another scheme", "ftp://s3.example.net"],
    ["something before the scheme", "xhttps://s3.example.net"],
    ["a path", "https://s3.example.net/dumps"],
    ["a path after the port", "https://s3.example.net:9000/dumps"],
    ["two slashes at the end", "https://s3.example.net//"],
    ["no host", "https://"],
    ["a port without host", "https://:9000"],
    ["an empty port", "https://s3.example.net:"],
    ["port 0", "https://s3.example.net:0"],
    ["a port with a leading zero", "https://s3.example.net:09000"],
    ["port 65536", "https://s3.example.net:65536"],
    ["port 99999", "https://s3.example.net:99999"],
    ["a port that is not a number", "https://s3.example.net:90a"],
    ["user information", "https://user@s3.example.net"],
    ["an underscore in the host", "https://s3_store.example.net"],
    ["a host label that starts with a hyphen", "https://-s3.example.net"],
    ["an empty host label", "https://s3..example.net"],
    ["a host label of 64 characters", `https://${label(64)}.net`],
    ["a space", "https://s3.example.net /"],
  ])("refuses %s: %s", (_, url) => {
    expect(isS3Endpoint(url)).toBe(false);
  });
});

describe.each(["offsite", "backup"])("readS3Store(%s)", (ns) => {
  const url = `${ns}:s3Url`;
  const ok = { [url]: "https://s3.example.net", [`${ns}:bucket`]: "dumps" };

  it("reads the store, us-east-1 when no region is given, no keys when none are", () => {
    const { store, problems } = read(ns, ok);
    expect(problems).toEqual([]);
    expect(store).toEqual({
      endpoint: "https://s3.example.net",
      bucket: "dumps",
      region: "us-east-1",
      accessKeyId: undefined,
      secretAccessKey: undefined,
    });
  });

  it("refuses a bad endpoint, naming the key, the value and the form", () => {
    expect(read(ns, { ...ok, [url]: "https://s3.example.net:70000" }).problems).toEqual([
      `${url}: "https://s3.example.net:70000" is invalid; expected an http(s) URL with a host ` +
        "name or IPv4 address and an optional port from 1 to 65535, no path",
    ]);
  });

  it("leaves an empty endpoint to the caller (it reports it missing)", () => {
    expect(read(ns, { [`${ns}:bucket`]: "dumps" }).problems).toEqual([]);
  });

  it.each(["abc", label(63), "a.b-c", "0ab9"])("accepts the bucket %s", (bucket) => {
    expect(read(ns, { ...ok, [`${ns}:bucket`]: bucket })).toMatchObject({
      store: { bucket },
      problems: [],
    });
  });

  it.each(["ab", label(64), "-abc", "abc-", ".abc", "abc.", "Abc", "ab_c", "ab c"])(
    "refuses the bucket %s, naming the key, the value and the rule",
    (bucket) => {
      expect(read(ns, { ...ok, [`${ns}:bucket`]: bucket }).problems).toEqual([
        `${ns}:bucket: ${JSON.stringify(bucket)} is invalid; expected an S3 bucket name: 3-63 ` +
          "lower-case letters, digits, dots, hyphens",
      ]);
    },
  );

  it("names a missing bucket once, with what it is for", () => {
    expect(read(ns, { [url]: "https://s3.example.net" }).problems).toEqual([
      `${ns}:bucket is required: the bucket`,
    ]);
  });

  it.each(["ab", label(32), "eu-west-2", "0-9"])("accepts the region %s", (region) => {
    expect(read(ns, { ...ok, [`${ns}:region`]: region })).toMatchObject({
      store: { region },
      problems: [],
    });
  });

  it.each(["a", label(33), "US-EAST-1", "us_east_1", "us east 1", "us.east"])(
    "refuses the region %s, naming the key, the value and an example",
    (region) => {
      expect(read(ns, { ...ok, [`${ns}:region`]: region }).problems).toEqual([
        `${ns}:region: ${JSON.stringify(region)} is invalid; expected a region name such as us-east-1`,
      ]);
    },
  );

  it("keeps both given keys secret", async () => {
    const keys = { [`${ns}:accessKeyId`]: "AKIDEXAMPLE", [`${ns}:secretAccessKey`]: "s3cr3t" };
    const { store, problems } = read(ns, { ...ok, ...keys }, Object.keys(keys));
    expect(problems).toEqual([]);
    expect(await pulumi.isSecret(store.accessKeyId!)).toBe(true);
    expect(await pulumi.isSecret(store.secretAccessKey!)).toBe(true);
    expect(await unwrap(store.accessKeyId!)).toBe("AKIDEXAMPLE");
    expect(await unwrap(store.secretAccessKey!)).toBe("s3cr3t");
  });

  it.each([
    ["accessKeyId", "secretAccessKey"],
    ["secretAccessKey", "accessKeyId"],
  ])("given only %s, names %s as the one to set too", (given, missing) => {
    const keys = { [`${ns}:${given}`]: "value" };
    expect(read(ns, { ...ok, ...keys }, Object.keys(keys)).problems).toEqual([
      `${ns}:${missing}: undefined is invalid; expected set too: give both ${ns} keys, or ` +
        "neither to generate them",
    ]);
  });
});
