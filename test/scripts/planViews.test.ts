import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareSynths, renderComparison, StackComparison } from "../../scripts/lib/compareStacks";
import { renderResourceTree } from "../../scripts/lib/resourceTree";
import { SynthResult } from "../../scripts/lib/synthesize";
import { runPlan } from "../support/commandRun";
import { ScriptRun } from "../support/runScript";
import { synthProjectStack } from "../support/synthFixture";

let committed: SynthResult;

beforeAll(async () => {
  committed = await synthProjectStack("archon-prod");
});

function changeOf(comparison: StackComparison, name: string) {
  return comparison.changed.find((c) => c.name === name);
}

describe("plan's resource tree", () => {
  it("nests every resource under its component, as pulumi preview does", () => {
    const lines = renderResourceTree(committed).split("\n");
    const rowOf = (type: string, name: string) =>
      lines.findIndex((line) => line.includes(type) && line.trimEnd().endsWith(` ${name}`));
    const app = rowOf("platform:archon:ArchonApp", "archon");
    const proxy = rowOf("platform:archon:ArchonDockerProxy", "archon-docker-proxy");
    const proxyContainer = rowOf(
      "docker:index/container:Container",
      "archon-docker-proxy-container",
    );
    const edge = rowOf("platform:edge:EdgeProxy", "archon-edge");
    expect(lines[1]).toMatch(/pulumi:pulumi:Stack +platform-archon-prod$/);
    // Depth shows as indentation: stack > ArchonApp > ArchonDockerProxy > its container.
    const depth = (row: number) => lines[row].indexOf(lines[row].includes("├─") ? "├─" : "└─");
    expect(depth(proxy)).toBeGreaterThan(depth(app));
    expect(depth(proxyContainer)).toBeGreaterThan(depth(proxy));
    expect(depth(edge)).toBe(depth(app));
    // Children follow their parent, before the parent's next sibling.
    expect(proxyContainer).toBeGreaterThan(proxy);
    expect(lines.filter((line) => /^ {2}\+ /.test(line))).toHaveLength(
      committed.resources.length + 1,
    );
  });

  it("counts the resources per type", () => {
    const text = renderResourceTree(committed);
    const containers = committed.resources.filter(
      (r) => r.type === "docker:index/container:Container",
    ).length;
    expect(containers).toBeGreaterThan(5);
    expect(text).toMatch(new RegExp(`^ +${containers}  docker:index/container:Container$`, "m"));
    expect(text).toContain(`+ ${committed.resources.length} to create`);
  });
});

describe("plan --compare", () => {
  it("shows a change of nothing as no changes", async () => {
    const same = compareSynths(committed, await synthProjectStack("archon-prod"));
    expect(same).toEqual({ added: [], removed: [], changed: [] });
    expect(renderComparison(same, ["archon:imageTag=v0.1.0"])).toMatch(/no changes$/);
  });

  it("lists the resources an override adds and the inputs it changes, by name", async () => {
    const after = await synthProjectStack("archon-prod", ["archon:agentsEnabled=true"]);
    const comparison = compareSynths(committed, after);
    expect(comparison.added.map((r) => r.name).sort()).toEqual([
      "archon-agents",
      "archon-agents-image",
    ]);
    expect(comparison.removed).toEqual([]);
    const server = changeOf(comparison, "archon-server");
    expect(server?.changes).toEqual([
      expect.objectContaining({
        path: "envs",
        parts: {
          kind: "items",
          removed: ['"AGENTS_ENABLED=false"'],
          added: ['"AGENTS_ENABLED=true"'],
        },
      }),
    ]);
    const text = renderComparison(comparison, ["archon:agentsEnabled=true"]);
    expect(text).toContain("  + docker:index/container:Container::archon-agents");
    expect(text).toContain('      ~ envs: "AGENTS_ENABLED=false" => "AGENTS_ENABLED=true"');
    // Resources the override does not touch are not listed.
    expect(changeOf(comparison, "archon-supabase-kong")).toBeUndefined();
    expect(text).toMatch(/Resources: 2 to create, \d+ to update, 0 to delete$/);
  });

  it("changes exactly the image of each Archon container when the tag changes", async () => {
    const after = await synthProjectStack("archon-prod", ["archon:imageTag=v9.9.9"]);
    const comparison = compareSynths(committed, after);
    expect(comparison.added).toEqual([]);
    expect(comparison.removed).toEqual([]);
    const images = changeOf(comparison, "archon-server-image");
    expect(images?.changes).toContainEqual({
      path: "imageName",
      before: '"archon-server:v0.1.0"',
      after: '"archon-server:v9.9.9"',
    });
  });

  it("hides secrets: a new secret shows as [secret], a changed one as [secret] => [secret]", async () => {
    const token = "lf-token-do-not-print-4711";
    const password = "correct-horse-battery-staple";
    const overrides = [`archon:logfireToken=${token}`, `edge:archonPassword=${password}`];
    const comparison = compareSynths(committed, await synthProjectStack("archon-prod", overrides));
    const text = renderComparison(
      comparison,
      overrides.map((o) => o.replace(/=.*/, "=…")),
    );
    expect(text).not.toContain(token);
    expect(text).not.toContain(password);
    expect(changeOf(comparison, "archon-server")?.changes).toContainEqual(
      expect.objectContaining({
        path: "envs",
        parts: { kind: "items", removed: [], added: ["[secret]"] },
      }),
    );
    expect(text).toMatch(/~ uploads\[\d+\]\.content: \[secret\] => \[secret\]/);
    // A given password replaces the generated one.
    expect(comparison.removed.map((r) => r.name)).toEqual(["archon-edge-login-password"]);
  });
});

describe("npm run plan, end to end", { timeout: 240_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-views-"));
  let run: ScriptRun;

  beforeAll(async () => {
    run = await runPlan([
      "--stack",
      "archon-prod",
      "--compare",
      "--config",
      "archon:agentsEnabled=true",
      "--graph",
      path.join(dir, "archon.mmd"),
    ]);
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints the tree, then the comparison, then the policy result", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const tree = run.stdout.indexOf("pulumi:pulumi:Stack");
    const compare = run.stdout.indexOf("compared with the committed stack file");
    const verdict = run.stdout.indexOf("passed: stack archon-prod");
    expect(tree).toBeGreaterThanOrEqual(0);
    expect(compare).toBeGreaterThan(tree);
    expect(verdict).toBeGreaterThan(compare);
    expect(run.stdout).toContain("  + docker:index/container:Container::archon-agents");
  });

  it("writes the Mermaid graph the file name asks for", () => {
    const mermaid = fs.readFileSync(path.join(dir, "archon.mmd"), "utf8");
    expect(mermaid).toMatch(/^flowchart LR$/m);
    expect(mermaid).toContain("container archon-agents");
  });

  it("refuses a graph file it cannot write, before synthesizing", async () => {
    const bad = await runPlan(["--stack", "archon-prod", "--graph", "x.png"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--graph x\.png: .*\.dot.*\.mmd/);
    expect(bad.stdout).toBe("");
  });

  it("refuses --compare without an override", async () => {
    const bad = await runPlan(["--stack", "archon-prod", "--compare"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--compare needs at least one --config/);
  });
});
