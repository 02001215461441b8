import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../support/synthFixture";

// The layout rules of docs/architecture.md, checked on the files as they are.

const MAX_LINES = 400;
const SOURCE_ROOTS = ["components", "stacks", "scripts", "policy"];

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") {
        found.push(...filesUnder(full, keep));
      }
    } else if (keep(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

function foldersIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("source layout", () => {
  it(`keeps every .ts file under ${SOURCE_ROOTS.join("/, ")}/ at ${MAX_LINES} lines or fewer`, () => {
    const tooLong = SOURCE_ROOTS.flatMap((root) =>
      filesUnder(path.join(PROJECT_DIR, root), (name) => name.endsWith(".ts")),
    )
      .map((file) => ({
        file: path.relative(PROJECT_DIR, file),
        lines: fs.readFileSync(file, "utf8").split("\n").length - 1,
      }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(tooLong).toEqual([]);
  });

  it("finds the source roots it checks (a moved root would make the check pass vacuously)", () => {
    for (const root of SOURCE_ROOTS) {
      expect(
        filesUnder(path.join(PROJECT_DIR, root), (n) => n.endsWith(".ts")).length,
      ).toBeGreaterThan(0);
    }
  });

  it("groups components/ in at most a dozen concern folders, with no loose files", () => {
    const components = path.join(PROJECT_DIR, "components");
    expect(foldersIn(components).length).toBeLessThanOrEqual(12);
    const loose = fs
      .readdirSync(components, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
    expect(loose).toEqual([]);
  });

  it("mirrors components/ in test/components/ and stacks/ in test/stacks/", () => {
    for (const root of ["components", "stacks"]) {
      const sources = new Set(foldersIn(path.join(PROJECT_DIR, root)));
      const strays = foldersIn(path.join(PROJECT_DIR, "test", root)).filter(
        (folder) => !sources.has(folder),
      );
      expect(strays, `test/${root}/ folders with no ${root}/ folder of that name`).toEqual([]);
    }
  });
});
