import { describe, expect, it } from "vitest";
import { readAlone } from "../../support/configAlone";
import { loadOffsiteConfig } from "../../../stacks/archonProd/offsiteConfig";

/**
 * `offsite:*` read as archonProdConfig reads it, without a synthesis (offsite.test.ts checks the
 * rendered copier; s3Store.test.ts the store's endpoint, bucket, region and keys at their
 * boundaries).
 */
function offsite(values: Record<string, string>, backupEnabled = true, stack = "archon-lab") {
  const read = readAlone(values, (reader) => loadOffsiteConfig(reader, backupEnabled), { stack });
  return { config: read.result, problems: read.problems };
}

const ON = { "offsite:s3Url": "https://s3.example.net", "offsite:bucket": "archon-dumps" };

describe("offsite copies", () => {
  it("are off, with nothing to check, until offsite:s3Url is set", () => {
    expect(offsite({ "offsite:bucket": "-not-a-bucket-" })).toEqual({
      config: undefined,
      problems: [],
    });
    expect(offsite({ "offsite:s3Url": "" }, false)).toEqual({ config: undefined, problems: [] });
  });

  it("refuse an unpinned image even while off", () => {
    expect(offsite({ "offsite:image": "rclone/rclone:latest" }).problems).toEqual([
      expect.stringMatching(
        /^offsite:image: "rclone\/rclone:latest" is invalid; expected a pinned/,
      ),
    ]);
  });

  it("read the store, the stack's name as the folder, hourly copies", () => {
    const { config, problems } = offsite(ON);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      endpoint: "https://s3.example.net",
      bucket: "archon-dumps",
      region: "us-east-1",
      prefix: "archon-lab",
      intervalMinutes: 60,
    });
    expect(offsite(ON, true, "archon-other").config?.prefix).toBe("archon-other");
  });

  it("drop the endpoint's closing slash (the bucket path is appended to it)", () => {
    const { config } = offsite({ ...ON, "offsite:s3Url": "http://192.168.2.106:9000/" });
    expect(config?.endpoint).toBe("http://192.168.2.106:9000");
  });

  it("refuse a bad endpoint, naming the key and the value", () => {
    expect(offsite({ ...ON, "offsite:s3Url": "s3.example.net" }).problems).toEqual([
      expect.stringMatching(/^offsite:s3Url: "s3\.example\.net" is invalid; expected an http\(s\)/),
    ]);
  });

  it("need the dumps: refused while backup:enabled is false", () => {
    expect(offsite(ON, false).problems).toEqual([
      'offsite:s3Url: "https://s3.example.net" is invalid; expected unset while backup:enabled ' +
        "is false (no dumps to copy)",
    ]);
  });

  it("name the missing bucket", () => {
    expect(offsite({ "offsite:s3Url": "https://s3.example.net" }).problems).toEqual([
      "offsite:bucket is required: the bucket the dumps are copied to",
    ]);
  });

  it("take the image from platform:versions, and offsite:image over it", () => {
    const versions = JSON.stringify({ images: { rclone: "rclone/rclone:1.70.3" } });
    expect(offsite({ ...ON, "platform:versions": versions }).config?.image).toBe(
      "rclone/rclone:1.70.3",
    );
    expect(
      offsite({ ...ON, "platform:versions": versions, "offsite:image": "rclone/rclone:1.71.0" })
        .config?.image,
    ).toBe("rclone/rclone:1.71.0");
  });

  it.each(["a", "archon-prod", "A.b_c-d", "dumps/archon-prod", "a/b/c"])(
    "accept the folder %s",
    (prefix) => {
      expect(offsite({ ...ON, "offsite:prefix": prefix })).toMatchObject({
        config: { prefix },
        problems: [],
      });
    },
  );

  it.each(["/archon", "archon/", "a//b", "archon prod", "archon\\prod", "archon:prod", "/"])(
    "refuse the folder %s, naming the key, the value and what is allowed",
    (prefix) => {
      expect(offsite({ ...ON, "offsite:prefix": prefix }).problems).toEqual([
        `offsite:prefix: ${JSON.stringify(prefix)} is invalid; expected a folder such as ` +
          "archon-prod (letters, digits, . _ - and /)",
      ]);
    },
  );

  it.each([
    ["5", 5],
    ["1440", 1440],
  ])("copy every %s minutes at the bounds", (value, minutes) => {
    expect(offsite({ ...ON, "offsite:intervalMinutes": value })).toMatchObject({
      config: { intervalMinutes: minutes },
      problems: [],
    });
  });

  it.each(["4", "1441"])("refuse an interval of %s minutes, naming the range", (value) => {
    expect(offsite({ ...ON, "offsite:intervalMinutes": value }).problems).toEqual([
      `offsite:intervalMinutes: "${value}" is invalid; expected a whole number from 5 to 1440`,
    ]);
  });
});
