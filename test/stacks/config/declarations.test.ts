import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { renderConfigurationDoc } from "../../../scripts/lib/configDocs";
import { stackConfig } from "../../../scripts/lib/synthStack";
import { loadArchonProdConfig } from "../../../stacks/archonProd/archonProdConfig";
import { ConfigRead, ConfigReader, recordConfigReads } from "../../../stacks/config/configReader";
import {
  configDeclarations,
  keysOfKind,
  ownedNamespaces,
  StackKind,
} from "../../../stacks/config/declarations";
import { loadSector7Config } from "../../../stacks/sector7/sector7Config";
import { stackKind } from "../../../stacks/selectStack";
import { freshMocks } from "../../support/mockRuntime";
import { PROJECT_DIR } from "../../support/synthFixture";

const KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";

/**
 * Configurations that together take every branch that reads a key: the committed stack files,
 * plus the other ways to run each kind (images instead of a checkout, host mode over SSH,
 * off-host copies; SSH node preparation, the GPU host, mail).
 */
const VARIANTS: Record<StackKind, { stack: string; overrides: string[] }[]> = {
  archon: [
    { stack: "archon-prod", overrides: [] },
    {
      stack: "archon-prod",
      overrides: [
        "archon:sourcePath=",
        "archon:serverImage=ghcr.io/example/server:1.0.0",
        "archon:mcpImage=ghcr.io/example/mcp:1.0.0",
        "archon:uiImage=ghcr.io/example/ui:1.0.0",
        "archon:agentsImage=ghcr.io/example/agents:1.0.0",
        "archon:migrationPath=/opt/archon/migration",
        "archon:agentsEnabled=true",
        "edge:certbot=true",
        "edge:certificateDirectory=/var/lib/archon/letsencrypt",
        "offsite:s3Url=https://s3.example.com",
        "offsite:bucket=archon-dumps",
      ],
    },
    {
      stack: "archon-prod",
      overrides: ["edge:mode=host", "docker:host=ssh://deploy@203.0.113.10"],
    },
  ],
  sector7: [
    { stack: "sector7", overrides: [] },
    {
      stack: "sector7",
      overrides: [
        "longhorn:installNodePrerequisites=true",
        "gpu:installHostPrerequisites=true",
        "gpu:driverPackage=nvidia-driver-570-server",
        "ssh:user=deploy",
        `ssh:privateKey=${KEY}`,
        "appflowy:smtpHost=smtp.example.com",
        "appflowy:smtpUser=mailer",
        "appflowy:smtpPassword=correct-horse-battery",
      ],
    },
  ],
};

const LOADERS: Record<StackKind, (stack: string) => unknown> = {
  archon: loadArchonProdConfig,
  sector7: loadSector7Config,
};

/** Every key the program reads for `kind` over all its variants, with the defaults it passed. */
function readsOf(kind: StackKind): Map<string, ConfigRead> {
  const all = new Map<string, ConfigRead>();
  for (const { stack, overrides } of VARIANTS[kind]) {
    const config = stackConfig(PROJECT_DIR, stack, overrides);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    const { reads } = recordConfigReads(() => {
      stackKind(stack);
      LOADERS[kind](stack);
    });
    reads.forEach((read, key) => {
      if (!all.get(key)?.hasFallback) {
        all.set(key, read);
      }
    });
  }
  return all;
}

beforeEach(async () => {
  await freshMocks();
});

describe.each(["archon", "sector7"] as const)("the declarations of %s stacks", (kind) => {
  it("are exactly the keys the program reads", () => {
    const read = [...readsOf(kind).keys()].sort();
    const declared = [...keysOfKind(kind).keys()].sort();
    expect({ readButNotDeclared: read.filter((k) => !declared.includes(k)) }).toEqual({
      readButNotDeclared: [],
    });
    expect({ declaredButNeverRead: declared.filter((k) => !read.includes(k)) }).toEqual({
      declaredButNeverRead: [],
    });
  });

  it("state the defaults the program uses", () => {
    const wrong: string[] = [];
    for (const [key, read] of readsOf(kind)) {
      const declaration = keysOfKind(kind).get(key)!;
      if (!read.hasFallback || declaration.defaultText !== undefined) {
        continue;
      }
      if (declaration.default === undefined) {
        wrong.push(
          `${key}: declares no default; the program uses ${JSON.stringify(read.fallback)}`,
        );
      } else if (declaration.default !== read.fallback) {
        wrong.push(
          `${key}: declares ${JSON.stringify(declaration.default)}; the program uses ${JSON.stringify(read.fallback)}`,
        );
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("a key read but not declared", () => {
  it("stops the program with a message naming the key", async () => {
    const reader = new ConfigReader("archon-prod", "archon");
    expect(() => reader.string("archon", "notDeclared", "x")).toThrow(
      /config key archon:notDeclared is read but not declared for archon stacks in Pulumi.yaml/,
    );
  });
});

describe("docs/configuration.md", () => {
  it("is what npm run docs:config generates from the declarations", async () => {
    const file = fs.readFileSync(path.join(PROJECT_DIR, "docs", "configuration.md"), "utf8");
    expect(file).toBe(await renderConfigurationDoc(configDeclarations()));
  });

  it("lists every declared key with its default", async () => {
    const file = fs.readFileSync(path.join(PROJECT_DIR, "docs", "configuration.md"), "utf8");
    for (const kind of ["archon", "sector7"] as const) {
      for (const declaration of keysOfKind(kind).values()) {
        expect(file).toContain("`" + declaration.key + "`");
      }
    }
    expect(file).toMatch(/\| `archon:imageTag` +\| string +\| `local` +\|/);
    expect(file).toMatch(/\| `ssh:privateKey` +\| string +\| none +\| yes +\|/);
  });
});

describe("the other docs", () => {
  /** Markdown files a user reads, config references in them included. */
  function documents(): string[] {
    const docs = fs
      .readdirSync(path.join(PROJECT_DIR, "docs"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".md"))
      .map((f) => path.join("docs", f));
    // configuration.md is generated from the declarations (and shows a typo on purpose).
    return ["README.md", ...docs.filter((f) => f !== path.join("docs", "configuration.md"))];
  }

  it("mention only declared keys of the program's namespaces", () => {
    const namespaces = [...ownedNamespaces()].join("|");
    // Not after `::` (a URN's type token) nor before a word character; `host:port` is prose.
    const mention = new RegExp(`(?<![\\w/.:-])(${namespaces}):([a-z][A-Za-z0-9]*)(?![\\w:-])`, "g");
    const declared = new Set(
      (["archon", "sector7"] as const).flatMap((kind) => [...keysOfKind(kind).keys()]),
    );
    const undeclared: string[] = [];
    for (const file of documents()) {
      const text = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
      for (const match of text.matchAll(mention)) {
        if (!declared.has(match[0]) && match[0] !== "host:port") {
          undeclared.push(`${file}: ${match[0]}`);
        }
      }
    }
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it("leave the key tables to docs/configuration.md (README links to it)", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    expect(readme).toContain("docs/configuration.md");
    const rows = readme.split("\n").filter((line) => /^\| `[a-zA-Z]+:[a-zA-Z<]/.test(line));
    expect(rows).toEqual([]);
  });
});
