import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  ConfigReader,
  ConfigValidationError,
  isHostname,
  recordConfigReads,
} from "../../../stacks/config/configReader";
import { unwrap } from "../../support/unwrap";

/** A reader over exactly these config values (no stack file). */
function readerOf(values: Record<string, string>, secretKeys: string[] = [], kind?: "archon") {
  pulumi.runtime.setAllConfig(values, secretKeys);
  return new ConfigReader("test-stack", kind);
}

/** The problems the reader collected, [] when none. */
function problemsOf(reader: ConfigReader): string[] {
  try {
    reader.assertValid();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return [...(error as ConfigValidationError).problems];
  }
}

describe("ConfigReader.integer and port", () => {
  const read = (value: string | undefined, min = 1, max = 65535) => {
    const reader = readerOf(value === undefined ? {} : { "archon:serverPort": value });
    const n = reader.integer("archon", "serverPort", 42, min, max);
    return { n, problems: problemsOf(reader) };
  };

  it.each([
    ["1", 1],
    ["65535", 65535],
    ["8181", 8181],
  ])("accepts %s inside 1 to 65535", (value, n) => {
    expect(read(value)).toEqual({ n, problems: [] });
  });

  it.each(["0", "65536", "-1", "+3", "3.0", " 3", "3 ", "0x10", "1e3", "three", "3a", "a3"])(
    "refuses %s, naming the key, the value and the range, and returns the default",
    (value) => {
      expect(read(value)).toEqual({
        n: 42,
        problems: [
          `archon:serverPort: ${JSON.stringify(value)} is invalid; expected a whole number from 1 to 65535`,
        ],
      });
    },
  );

  it("accepts negative numbers when the range allows them", () => {
    expect(read("-5", -5, 5)).toEqual({ n: -5, problems: [] });
    expect(read("-6", -5, 5).problems).toHaveLength(1);
  });

  it("returns the default when the key is unset or empty", () => {
    expect(read(undefined)).toEqual({ n: 42, problems: [] });
    expect(read("")).toEqual({ n: 42, problems: [] });
  });

  it("port() is an integer from 1 to 65535", () => {
    for (const [value, ok] of [
      ["0", false],
      ["1", true],
      ["65535", true],
      ["65536", false],
    ] as const) {
      const reader = readerOf({ "archon:serverPort": value });
      const n = reader.port("archon", "serverPort", 8181);
      expect(n, value).toBe(ok ? Number(value) : 8181);
      expect(problemsOf(reader), value).toEqual(
        ok
          ? []
          : [`archon:serverPort: "${value}" is invalid; expected a whole number from 1 to 65535`],
      );
    }
  });
});

describe("ConfigReader.boolean", () => {
  it.each([
    ["true", false, true],
    ["false", true, false],
    [undefined, true, true],
    [undefined, false, false],
  ])("reads %s (default %s) as %s", (value, fallback, expected) => {
    const reader = readerOf(value === undefined ? {} : { "archon:agentsEnabled": value });
    expect(reader.boolean("archon", "agentsEnabled", fallback)).toBe(expected);
    expect(problemsOf(reader)).toEqual([]);
  });

  it.each(["True", "yes", "1", "no"])("refuses %s and returns the default", (value) => {
    const reader = readerOf({ "archon:agentsEnabled": value });
    expect(reader.boolean("archon", "agentsEnabled", true)).toBe(true);
    expect(problemsOf(reader)).toEqual([
      `archon:agentsEnabled: ${JSON.stringify(value)} is invalid; expected true or false`,
    ]);
  });
});

describe("ConfigReader.oneOf", () => {
  const levels = ["DEBUG", "INFO"] as const;

  it("returns an allowed value, or the default when unset", () => {
    expect(
      readerOf({ "archon:logLevel": "DEBUG" }).oneOf("archon", "logLevel", levels, "INFO"),
    ).toBe("DEBUG");
    expect(readerOf({}).oneOf("archon", "logLevel", levels, "INFO")).toBe("INFO");
  });

  it("refuses anything else (case counts), listing what is allowed", () => {
    const reader = readerOf({ "archon:logLevel": "debug" });
    expect(reader.oneOf("archon", "logLevel", levels, "INFO")).toBe("INFO");
    expect(problemsOf(reader)).toEqual([
      'archon:logLevel: "debug" is invalid; expected one of DEBUG, INFO',
    ]);
  });
});

describe("hostnames", () => {
  const label = (n: number) => "a".repeat(n);

  it.each([
    "localhost",
    "archon.example.com",
    "a-b.c0",
    "0.example",
    `${label(63)}.com`,
    // 253 characters in all.
    [label(63), label(63), label(63), label(61)].join("."),
  ])("accepts %s", (name) => {
    expect(isHostname(name)).toBe(true);
  });

  it.each([
    ["a label of 64 characters", `${label(64)}.com`],
    ["254 characters", [label(63), label(63), label(63), label(62)].join(".")],
    ["an empty label", "archon..example.com"],
    ["a trailing dot", "archon.example.com."],
    ["a leading hyphen", "-archon.example.com"],
    ["a trailing hyphen", "archon-.example.com"],
    ["upper case", "Archon.example.com"],
    ["an underscore", "ar_chon.example.com"],
    ["a space", "archon example.com"],
    ["nothing", ""],
  ])("refuses %s", (_, name) => {
    expect(isHostname(name)).toBe(false);
  });

  it("are checked when given and when defaulted, naming the key", () => {
    const given = readerOf({ "archon:publicHost": "bad host" });
    expect(given.hostname("archon", "publicHost", "localhost")).toBe("bad host");
    expect(problemsOf(given)).toEqual([
      'archon:publicHost: "bad host" is invalid; expected a DNS hostname such as archon.example.com',
    ]);
    const defaulted = readerOf({});
    expect(defaulted.hostname("archon", "publicHost", "Not_A_Host")).toBe("Not_A_Host");
    expect(problemsOf(defaulted)).toHaveLength(1);
  });
});

describe("ConfigReader.cidr and ipv4", () => {
  it("parses a network, or names the key and the form", () => {
    const reader = readerOf({ "network:subnet": "10.1.0.0/16" });
    expect(reader.cidr("network", "subnet", "172.21.0.0/16")?.text).toBe("10.1.0.0/16");
    const bad = readerOf({ "network:subnet": "10.1.0.0/33" });
    expect(bad.cidr("network", "subnet", "172.21.0.0/16")).toBeUndefined();
    expect(problemsOf(bad)).toEqual([
      'network:subnet: "10.1.0.0/33" is invalid; expected an IPv4 network in CIDR notation such as 172.21.0.0/16',
    ]);
    expect(readerOf({}).cidr("network", "subnet", "172.21.0.0/16")?.prefix).toBe(16);
  });

  it("parses an address, the default, or nothing when neither is given", () => {
    expect(readerOf({ "network:kongAddress": "10.0.0.1" }).ipv4("network", "kongAddress")).toBe(
      (10 << 24) + 1,
    );
    expect(readerOf({}).ipv4("network", "kongAddress", "0.0.0.2")).toBe(2);
    const none = readerOf({});
    expect(none.ipv4("network", "kongAddress")).toBeUndefined();
    expect(problemsOf(none)).toEqual([]);
    const bad = readerOf({ "network:kongAddress": "10.0.0.256" });
    expect(bad.ipv4("network", "kongAddress", "10.0.0.1")).toBeUndefined();
    expect(problemsOf(bad)).toEqual([
      'network:kongAddress: "10.0.0.256" is invalid; expected an IPv4 address such as 192.168.2.200',
    ]);
  });

  it("records a read without a default as having none", () => {
    const { reads } = recordConfigReads(() => readerOf({}).ipv4("network", "kongAddress"));
    expect(reads.get("network:kongAddress")).toEqual({ fallback: undefined, hasFallback: false });
  });

  it("records a read with a default as having it (declarations.test.ts compares it)", () => {
    const { reads } = recordConfigReads(() =>
      readerOf({}).ipv4("network", "kongAddress", "172.21.0.10"),
    );
    expect(reads.get("network:kongAddress")).toEqual({
      fallback: "172.21.0.10",
      hasFallback: true,
    });
  });
});

describe("images", () => {
  it("accepts a pinned reference and refuses latest or no tag, saying why", () => {
    expect(readerOf({}).image("supabase", "studioImage", "supabase/studio:2025.06.30")).toBe(
      "supabase/studio:2025.06.30",
    );
    const latest = readerOf({ "supabase:studioImage": "supabase/studio:latest" });
    latest.image("supabase", "studioImage", "supabase/studio:1");
    expect(problemsOf(latest)).toEqual([
      'supabase:studioImage: "supabase/studio:latest" is invalid; expected a pinned image reference (the tag latest is not pinned: name a version tag or a sha256 digest)',
    ]);
  });

  it("optionalImage: undefined when unset, checked when set", () => {
    const unset = readerOf({});
    expect(unset.optionalImage("archon", "serverImage")).toBeUndefined();
    expect(problemsOf(unset)).toEqual([]);
    const set = readerOf({ "archon:serverImage": "archon-server" });
    expect(set.optionalImage("archon", "serverImage")).toBe("archon-server");
    expect(problemsOf(set)[0]).toMatch(/^archon:serverImage: "archon-server" is invalid; .*no tag/);
  });
});

describe("strings, secrets and structured values", () => {
  it("string: the value, or the default when unset or empty", () => {
    expect(readerOf({ "archon:imageTag": "v1" }).string("archon", "imageTag", "local")).toBe("v1");
    expect(readerOf({ "archon:imageTag": "" }).string("archon", "imageTag", "local")).toBe("local");
    expect(readerOf({}).optionalString("archon", "imageTag")).toBeUndefined();
  });

  it("requiredString names the key and what it is for, once, and returns empty", () => {
    const reader = readerOf({});
    expect(reader.requiredString("offsite", "bucket", "the bucket")).toBe("");
    expect(problemsOf(reader)).toEqual(["offsite:bucket is required: the bucket"]);
    expect(readerOf({ "offsite:bucket": "b" }).requiredString("offsite", "bucket", "x")).toBe("b");
  });

  it("secrets come back as secret outputs, and are required by name only", async () => {
    const reader = readerOf({ "supabase:jwtSecret": "s3cret-value" }, ["supabase:jwtSecret"]);
    const optional = reader.optionalSecret("supabase", "jwtSecret")!;
    const required = reader.requiredSecret("supabase", "jwtSecret", "the JWT secret")!;
    for (const output of [optional, required]) {
      expect(await pulumi.isSecret(output)).toBe(true);
      expect(await unwrap(output)).toBe("s3cret-value");
    }
    expect(problemsOf(reader)).toEqual([]);
    const missing = readerOf({});
    expect(missing.optionalSecret("supabase", "jwtSecret")).toBeUndefined();
    expect(missing.requiredSecret("supabase", "jwtSecret", "the JWT secret")).toBeUndefined();
    expect(problemsOf(missing)).toEqual(["supabase:jwtSecret is required: the JWT secret"]);
  });

  it("optionalStructured parses JSON, and names the key when it is not", () => {
    const reader = readerOf({ "backup:databases": '[{"name":"x"}]' });
    expect(reader.optionalStructured("backup", "databases")).toEqual([{ name: "x" }]);
    expect(readerOf({}).optionalStructured("backup", "databases")).toBeUndefined();
    const bad = readerOf({ "backup:databases": "[{name: x" });
    expect(bad.optionalStructured("backup", "databases")).toBeUndefined();
    expect(problemsOf(bad)).toEqual([
      'backup:databases: "[{name: x" is invalid; expected a YAML list or object (JSON with --config)',
    ]);
  });
});

describe("distinctPorts", () => {
  it("names the later key and the one that already has the port", () => {
    const reader = readerOf({});
    reader.distinctPorts({ "a:p": 1, "b:p": 2, "c:p": 1, "d:p": 2, "e:p": 3 });
    expect(problemsOf(reader)).toEqual([
      "c:p: 1 is invalid; expected a host port not already taken by a:p",
      "d:p: 2 is invalid; expected a host port not already taken by b:p",
    ]);
    const distinct = readerOf({});
    distinct.distinctPorts({ "a:p": 1, "b:p": 2 });
    expect(problemsOf(distinct)).toEqual([]);
  });
});

describe("assertValid", () => {
  it("throws every problem at once, saying nothing was created", () => {
    const reader = readerOf({});
    reader.fail("a:b", 1, "two");
    reader.fail("c:d", "x", "y");
    expect(() => reader.assertValid()).toThrow(
      new ConfigValidationError("test-stack", [
        "a:b: 1 is invalid; expected two",
        'c:d: "x" is invalid; expected y',
      ]),
    );
    try {
      reader.assertValid();
    } catch (error) {
      expect((error as Error).name).toBe("ConfigValidationError");
      expect((error as Error).message).toBe(
        'Invalid configuration for stack "test-stack" (nothing was created):\n' +
          '  - a:b: 1 is invalid; expected two\n  - c:d: "x" is invalid; expected y',
      );
    }
  });

  it("with a kind, refuses keys the kind does not declare; without one, ignores them", () => {
    const typo = { "archon:imagetag": "v1" };
    expect(problemsOf(readerOf(typo, [], "archon"))[0]).toMatch(
      /^archon:imagetag is not a config key/,
    );
    expect(problemsOf(readerOf(typo))).toEqual([]);
  });

  it("a read of an undeclared key is a programming error naming the key and the kind", () => {
    expect(() => readerOf({}, [], "archon").string("archon", "nonsense", "")).toThrow(
      "config key archon:nonsense is read but not declared for archon stacks in Pulumi.yaml",
    );
    expect(() => readerOf({}).string("cluster", "nonsense", "")).toThrow(
      "config key cluster:nonsense is read but not declared for any stacks",
    );
    // Declared for sector7 only: an archon reader refuses it, a reader of no kind accepts it.
    expect(() => readerOf({}, [], "archon").string("cluster", "domain", "")).toThrow();
    expect(readerOf({}).string("cluster", "domain", "d")).toBe("d");
  });
});

describe("recordConfigReads", () => {
  it("records each key with the first default passed, and keeps a validation error", () => {
    pulumi.runtime.setAllConfig({ "archon:serverPort": "0" }, []);
    const { reads, error } = recordConfigReads(() => {
      const reader = new ConfigReader("test-stack");
      reader.optionalString("archon", "imageTag");
      reader.string("archon", "imageTag", "local");
      reader.string("archon", "imageTag", "other");
      reader.port("archon", "serverPort", 8181);
      reader.assertValid();
    });
    expect(reads.get("archon:imageTag")).toEqual({ fallback: "local", hasFallback: true });
    expect(reads.get("archon:serverPort")).toEqual({ fallback: 8181, hasFallback: true });
    expect(error).toBeInstanceOf(ConfigValidationError);
  });

  it("records nothing outside its callback", () => {
    const { reads } = recordConfigReads(() => undefined);
    new ConfigReader("test-stack").string("archon", "imageTag", "local");
    expect(reads.size).toBe(0);
  });
});
