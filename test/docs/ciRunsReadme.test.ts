import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** The shell lines of the README's first fenced block after "## The two commands". */
function readmeCommands(): string[] {
  const readme = read("README.md");
  const section = readme.slice(readme.indexOf("## The two commands"));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const commands = blocks.find((block) => block.includes("npm test"));
  if (!commands) throw new Error("README.md has no block with the test command");
  return commands
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

describe("README's two commands", () => {
  it("install from the lock and test, exactly as .ci/run does", () => {
    const [test] = readmeCommands();
    expect(test).toBe("npm ci && npm test");
    const run = read(".ci/run").split("\n");
    const install = run.findIndex((line) => /^npm ci\b/.test(line));
    expect(install).toBeGreaterThan(-1);
    expect(run[install + 1]).toBe("npm test");
  });

  it("run the offline plan that .ci/run runs for every stack", () => {
    const [, plan] = readmeCommands();
    expect(plan).toMatch(/^npm run plan -- --stack archon-prod\b/);
    expect(read(".ci/run")).toContain('npm run plan -- --stack "$stack"');
  });
});
