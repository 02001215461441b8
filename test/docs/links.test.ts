import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import {
  brokenLink,
  documentationFiles,
  githubSlug,
  headingAnchors,
  markdownLinks,
  tableProblems,
} from "../support/markdown";
import { PROJECT_DIR } from "../support/synthFixture";

const FILES = documentationFiles(PROJECT_DIR);

describe("documentation links", () => {
  it("finds the front page and the docs", () => {
    const names = FILES.map((file) => path.relative(PROJECT_DIR, file));
    expect(names).toContain("README.md");
    expect(names).toContain("docs/README.md");
    expect(names).toContain("docs/contracts/archon.md");
  });

  for (const file of FILES) {
    it(`every relative link and anchor in ${path.relative(PROJECT_DIR, file)} resolves`, () => {
      const text = fs.readFileSync(file, "utf8");
      const broken = markdownLinks(file, text)
        .map((link) => [link, brokenLink(link, PROJECT_DIR)] as const)
        .filter(([, problem]) => problem !== undefined)
        .map(([link, problem]) => `line ${link.line}: ${problem}`);
      expect(broken).toEqual([]);
    });
  }

  it("makes anchors the way GitHub does", () => {
    expect(githubSlug("Pictures: --graph")).toBe("pictures---graph");
    expect(githubSlug("After every `pulumi up`")).toBe("after-every-pulumi-up");
    expect(githubSlug("Differences from the compose files, on purpose")).toBe(
      "differences-from-the-compose-files-on-purpose",
    );
    expect([...headingAnchors("# A\n## Same\n```\n## Not a heading\n```\n## Same\n")]).toEqual([
      "a",
      "same",
      "same-1",
    ]);
  });

  it("reports a missing file and a missing anchor", () => {
    const file = path.join(PROJECT_DIR, "docs", "README.md");
    const at = (target: string) => brokenLink({ file, line: 1, target }, PROJECT_DIR);
    expect(at("archon-prod.md#what-runs-where")).toBeUndefined();
    expect(at("archon-prod.md#no-such-heading")).toMatch(/no heading with the anchor/);
    expect(at("no-such-page.md")).toMatch(/no such file/);
    expect(at("https://www.pulumi.com/docs/")).toBeUndefined();
    // Links inside code are not links.
    expect(markdownLinks(file, "`[x](nowhere.md)`\n```\n[y](nowhere.md)\n```\n")).toEqual([]);
  });
});

describe("documentation tables", () => {
  for (const file of FILES) {
    it(`every table in ${path.relative(PROJECT_DIR, file)} has a header and a separator row`, () => {
      expect(tableProblems(fs.readFileSync(file, "utf8"))).toEqual([]);
    });
  }

  it("reports a table without a separator and a row of the wrong width", () => {
    expect(tableProblems("| a | b |\n| x | y |\n")).toEqual([
      "line 1: a table without a separator row under its header",
    ]);
    expect(tableProblems("| a | b |\n| --- | --- |\n| x |\n")).toEqual([
      "line 3: 1 cells, the header has 2",
    ]);
    expect(tableProblems("| a | b |\n|---|:-:|\n| `x \\| y` | z |\n")).toEqual([]);
  });
});
