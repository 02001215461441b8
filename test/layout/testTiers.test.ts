import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { TOOL_TESTS } from "../../vitest.config";
import { PROJECT_DIR } from "../support/synthFixture";

// The two tiers of vitest.config.ts: `tools` holds exactly the test files that can start a
// process, so `npm run test:program` stays free of servers, scripts and spawned CLIs.

const IMPORT = /(?:from\s+|require\(|import\()"([^"]+)"/g;

/** The .ts file a relative import names, or undefined for a package. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [base, `${base}.ts`, path.join(base, "index.ts")].find(
    (candidate) => candidate.endsWith(".ts") && fs.existsSync(candidate),
  );
}

const verdicts = new Map<string, boolean>();

/** Whether a module imports child_process, itself or through the modules it imports. */
function startsProcesses(file: string): boolean {
  const known = verdicts.get(file);
  if (known !== undefined) return known;
  verdicts.set(file, false); // an import cycle adds nothing
  const specifiers = [...fs.readFileSync(file, "utf8").matchAll(IMPORT)].map((match) => match[1]);
  const verdict = specifiers.some((specifier) => {
    if (specifier === "child_process" || specifier === "node:child_process") return true;
    const local = resolveLocal(file, specifier);
    return local !== undefined && startsProcesses(local);
  });
  verdicts.set(file, verdict);
  return verdict;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("test tiers", () => {
  const all = testFiles(path.join(PROJECT_DIR, "test")).map((file) =>
    path.relative(PROJECT_DIR, file),
  );

  it("puts in `tools` exactly the test files that can start a process", () => {
    const starting = all.filter((file) => startsProcesses(path.join(PROJECT_DIR, file)));
    expect([...TOOL_TESTS].sort()).toEqual(starting.sort());
  });

  it("sees a process started through a helper, not only a direct import", () => {
    expect(startsProcesses(path.join(PROJECT_DIR, "test/support/commandRun.ts"))).toBe(true);
    expect(startsProcesses(path.join(PROJECT_DIR, "test/support/synthFixture.ts"))).toBe(false);
  });
});
