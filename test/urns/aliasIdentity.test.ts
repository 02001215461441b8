import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { synthesize } from "../../scripts/lib/synthesize";
import { knownIdentities } from "../support/urnIdentity";

class Folder extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    new random.RandomPassword(`${name}-secret`, { length: 32 }, { parent: this });
  }
}

function synthOf(program: () => void) {
  return synthesize({
    project: "demo",
    stack: "dev",
    config: { values: {}, secretKeys: [] },
    program: () => {
      program();
      return {};
    },
  });
}

const OLD_CHILD =
  "urn:pulumi:dev::demo::demo:old:Folder$random:index/randomPassword:RandomPassword::db-secret";

describe("URN identities", () => {
  it("nest the whole parent chain into a grandchild's type, as the engine does", async () => {
    const result = await synthOf(() => {
      const outer = new pulumi.ComponentResource("demo:x:Outer", "outer", {});
      new Folder("demo:x:Inner", "db", { parent: outer });
    });
    expect(result.resources.map((r) => r.urn)).toContain(
      "urn:pulumi:dev::demo::demo:x:Outer$demo:x:Inner$random:index/randomPassword:RandomPassword::db-secret",
    );
  });

  it("lose a child whose component changed type token without an alias", async () => {
    const result = await synthOf(() => new Folder("demo:new:Folder", "db"));
    expect(knownIdentities(result).has(OLD_CHILD)).toBe(false);
  });

  it("keep a child whose component carries an alias to its old type token", async () => {
    const result = await synthOf(
      () => new Folder("demo:new:Folder", "db", { aliases: [{ type: "demo:old:Folder" }] }),
    );
    expect(knownIdentities(result).has(OLD_CHILD)).toBe(true);
  });

  it("keep a resource that moved under a new parent with an alias naming no parent", async () => {
    const result = await synthOf(() => {
      const outer = new pulumi.ComponentResource("demo:x:Outer", "outer", {});
      new random.RandomPassword(
        "loose",
        { length: 16 },
        { parent: outer, aliases: [{ parent: pulumi.rootStackResource }] },
      );
    });
    expect(
      knownIdentities(result).has(
        "urn:pulumi:dev::demo::random:index/randomPassword:RandomPassword::loose",
      ),
    ).toBe(true);
  });
});
