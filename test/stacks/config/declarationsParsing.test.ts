import { describe, expect, it } from "vitest";
import {
  closestKey,
  declarationsOf,
  fullProjectKey,
  isDeclared,
  ownedNamespaces,
  unknownKeyProblems,
} from "../../../stacks/config/declarations";

/**
 * How Pulumi.yaml's declarations are read and used to refuse unknown keys, without a synthesis
 * (unknownKeys.test.ts checks the refusal through whole stacks).
 */
const entry = (more: Record<string, unknown> = {}) => ({
  type: "string",
  description: " what it is ",
  ...more,
});

function document(keys: Record<string, unknown> = { "a:x": entry() }) {
  return {
    name: "proj",
    config: { kind: entry(), "proj:other": entry(), "aws:region": entry() },
    "x-stack-config": {
      archon: { title: "Archon", description: "the app", keys },
      sector7: { keys: { "cluster:domain": entry() } },
    },
  };
}

describe("declarationsOf", () => {
  it("reads the project's own keys in full, leaving other namespaces' to their owners", () => {
    const parsed = declarationsOf(document());
    expect([...parsed.project.keys()]).toEqual(["proj:kind", "proj:other"]);
  });

  it("reads each kind's keys, trimming the texts; title and description default", () => {
    const parsed = declarationsOf(
      document({
        "a:x": entry({
          default: 3,
          defaultText: " three ",
          secret: true,
          items: { type: "string" },
          retired: "a:y",
        }),
        "a:z": entry({ secret: "yes" }),
      }),
    );
    expect(parsed.kinds.archon.title).toBe("Archon");
    expect(parsed.kinds.archon.description).toBe("the app");
    expect(parsed.kinds.sector7.title).toBe("sector7");
    expect(parsed.kinds.sector7.description).toBe("");
    expect(parsed.kinds.archon.keys.get("a:x")).toEqual({
      key: "a:x",
      type: "string",
      items: { type: "string" },
      description: "what it is",
      default: 3,
      defaultText: "three",
      secret: true,
      retired: "a:y",
    });
    expect(parsed.kinds.archon.keys.get("a:z")).toMatchObject({
      secret: false,
      defaultText: undefined,
      retired: undefined,
    });
  });

  it.each(["string", "integer", "boolean", "array", "object"])("accepts the type %s", (type) => {
    expect(
      declarationsOf(document({ "a:x": entry({ type }) })).kinds.archon.keys.get("a:x")?.type,
    ).toBe(type);
  });

  it.each([
    [
      { "a:x": entry({ type: "number" }) },
      'x-stack-config.archon a:x: type "number" is not a Pulumi config type',
    ],
    [{ "a:x": entry({ type: undefined }) }, "x-stack-config.archon a:x: type undefined is not"],
    [{ "a:x": entry({ description: "  " }) }, "x-stack-config.archon a:x: needs a description"],
    [{ "a:x": entry({ description: 5 }) }, "x-stack-config.archon a:x: needs a description"],
    [{ "a:x": null }, "x-stack-config.archon a:x: expected a declaration (type, description, ...)"],
    [{ "a:x": "string" }, "x-stack-config.archon a:x: expected a declaration"],
  ])("refuses a bad declaration, naming where it is (%#)", (keys, message) => {
    expect(() => declarationsOf(document(keys))).toThrow(message);
  });

  it("names the project's config: section for its bad entries", () => {
    const doc = { ...document(), config: { kind: entry({ type: "map" }) } };
    expect(() => declarationsOf(doc)).toThrow('Pulumi.yaml config: proj:kind: type "map"');
  });

  it("refuses a kind without keys", () => {
    const doc = document();
    const block = { archon: doc["x-stack-config"].archon };
    expect(() => declarationsOf({ ...doc, "x-stack-config": block })).toThrow(
      "Pulumi.yaml x-stack-config: no keys declared for kind sector7",
    );
    expect(() => declarationsOf({ name: "proj" })).toThrow("no keys declared for kind archon");
  });

  it("reads a document without config:", () => {
    const { config: _, ...doc } = document();
    expect(declarationsOf(doc).project.size).toBe(0);
  });
});

describe("fullProjectKey", () => {
  it("puts the project's name before a bare key only", () => {
    expect(fullProjectKey("platform", "kind")).toBe("platform:kind");
    expect(fullProjectKey("platform", "aws:region")).toBe("aws:region");
  });
});

describe("this project's declarations", () => {
  it("declare keys per kind, and the project's for both", () => {
    expect(isDeclared("archon:imageTag", "archon")).toBe(true);
    expect(isDeclared("archon:imageTag", "sector7")).toBe(false);
    expect(isDeclared("cluster:domain", "sector7")).toBe(true);
    expect(isDeclared("cluster:domain")).toBe(true);
    expect(isDeclared("archon:imageTag")).toBe(true);
    expect(isDeclared("archon:nothing")).toBe(false);
    expect(isDeclared("platform:kind", "archon")).toBe(true);
    expect(isDeclared("platform:kind", "sector7")).toBe(true);
  });

  it("own every declared namespace but the Docker provider's", () => {
    const owned = ownedNamespaces();
    for (const namespace of ["platform", "archon", "edge", "offsite", "cluster", "backup"]) {
      expect(owned.has(namespace), namespace).toBe(true);
    }
    expect(owned.has("docker")).toBe(false);
    expect([...owned].every((n) => /^[a-z][A-Za-z0-9]*$/.test(n))).toBe(true);
  });
});

describe("unknownKeyProblems", () => {
  it("names the closest key of the stack's kind for a typo", () => {
    expect(unknownKeyProblems("archon", ["archon:imagetag"])).toEqual([
      "archon:imagetag is not a config key of archon stacks; the closest known key is " +
        "archon:imageTag (every key: docs/configuration.md)",
    ]);
  });

  it("says when a key belongs to the other kind", () => {
    expect(unknownKeyProblems("archon", ["cluster:domain"])).toEqual([
      "cluster:domain is set, but it is a key of sector7 stacks and this stack's platform:kind " +
        "is archon: remove it (pulumi config rm cluster:domain) or change platform:kind",
    ]);
  });

  it("leaves declared keys, providers' and foreign namespaces alone, and sorts the rest", () => {
    expect(
      unknownKeyProblems("archon", [
        "edge:modes",
        "archon:imageTag",
        "docker:caMaterial",
        "aws:region",
        "archon:imagetag",
      ]).map((p) => p.split(" ")[0]),
    ).toEqual(["archon:imagetag", "edge:modes"]);
  });

  it("never suggests a retired key", () => {
    const problems = unknownKeyProblems("archon", ["archon:mountDockerSockets"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain("closest known key is archon:mountDockerSocket ");
  });
});

describe("closestKey", () => {
  it("ignores case first, then counts edits, the same namespace winning ties", () => {
    expect(closestKey("archon:imagetag", ["archon:imageTa", "archon:imageTag"])).toBe(
      "archon:imageTag",
    );
    expect(closestKey("edge:certbt", ["edge:image", "edge:certbot"])).toBe("edge:certbot");
    // One edit either way: the key of the same namespace wins, in either order.
    expect(closestKey("limits:uiMb", ["limitz:uiMb", "limits:uiMc"])).toBe("limits:uiMc");
    expect(closestKey("limits:uiMb", ["limits:uiMc", "limitz:uiMb"])).toBe("limits:uiMc");
  });

  it("counts insertions, deletions and substitutions", () => {
    expect(closestKey("a:abc", ["a:abcdef", "a:ab"])).toBe("a:ab");
    expect(closestKey("a:abc", ["a:xyz", "a:abcd"])).toBe("a:abcd");
    expect(closestKey("a:abc", ["a:abx", "a:axx"])).toBe("a:abx");
    expect(closestKey("a:kitten", ["a:sitting", "a:kitchen"])).toBe("a:kitchen");
  });

  it("prefers the first of two equally close keys, and an exact match over all", () => {
    expect(closestKey("a:ab", ["a:ax", "a:ay"])).toBe("a:ax");
    expect(closestKey("a:ab", ["a:aB", "a:ab"])).toBe("a:ab");
    expect(closestKey("a:ab", [])).toBeUndefined();
  });
});
