import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { runScriptAsync, spawnAsync } from "../support/runScript";
import { PROJECT_DIR } from "../support/synthFixture";

const MOVING_IN = path.join(PROJECT_DIR, "scripts", "moving-in");
const SHELL_SCRIPTS = fs
  .readdirSync(MOVING_IN)
  .filter((name) => name.endsWith(".sh") && name !== "lib.sh")
  .sort();

/** Options a shell script's argument loop accepts: its `--name)` case labels. */
function shellOptions(script: string): string[] {
  const text = fs.readFileSync(path.join(MOVING_IN, script), "utf8");
  return [...text.matchAll(/^\s+(--[a-z-]+)\)/gm)].map((match) => match[1]);
}

describe("--help of every command", { timeout: 60_000 }, () => {
  it("finds the moving-in scripts", () => {
    expect(SHELL_SCRIPTS).toContain("archon-prod-cutover.sh");
    expect(SHELL_SCRIPTS).toContain("sector7-preflight.sh");
  });

  for (const script of SHELL_SCRIPTS) {
    it(`${script} --help prints its usage and every option, and does nothing else`, () => {
      // HOME and the working directory are an empty folder: a script that went past --help
      // would write its dated folder there.
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-tools-"));
      try {
        const run = spawnSync("/bin/bash", [path.join(MOVING_IN, script), "--help"], {
          encoding: "utf8",
          env: { PATH: process.env.PATH, HOME: empty },
          cwd: empty,
        });
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(run.stdout).toContain(`usage: ${script}`);
        for (const option of shellOptions(script)) {
          expect(run.stdout, option).toContain(option);
        }
        expect(fs.readdirSync(empty)).toEqual([]);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });
  }

  it("an unknown argument points at --help", () => {
    const run = spawnSync(
      "/bin/bash",
      [path.join(MOVING_IN, "archon-prod-rollback.sh"), "--nope"],
      {
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown argument --nope \(see .*archon-prod-rollback\.sh --help\)/);
  });

  const tsScripts: [string, string, string[]][] = [
    ["synth.ts", "npm run synth", ["--stack", "--out", "--config", "--show-secrets"]],
    [
      "plan.ts",
      "npm run plan",
      ["--stack", "--policy-config", "--config", "--compare", "--graph", "--strict"],
    ],
    ["graphs.ts", "npm run docs:graphs", ["--no-svg"]],
  ];
  // A module preloaded into the script's process that fails any load of @pulumi/pulumi: --help
  // must answer without importing the program (seconds of CPU for a line of text).
  const noPulumi = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-")), "preload.cjs");
  fs.writeFileSync(
    noPulumi,
    `const Module = require("module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request.startsWith("@pulumi/")) throw new Error("--help loaded " + request);
  return load.call(this, request, ...rest);
};
`,
  );
  afterAll(() => fs.rmSync(path.dirname(noPulumi), { recursive: true, force: true }));

  // Each starts tsx in its own process: they run side by side.
  for (const [script, command, options] of tsScripts) {
    it.concurrent(
      `${script} --help prints its usage and options, and exits 0 without loading the program`,
      async () => {
        const run = await runScriptAsync(script, ["--help"], PROJECT_DIR, {
          ...process.env,
          NODE_OPTIONS: `--require ${noPulumi}`,
        });
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(run.stdout.startsWith(`usage: ${command}`)).toBe(true);
        for (const option of options) {
          expect(run.stdout, option).toContain(option);
        }
        expect(run.stdout).not.toMatch(/synthesized|wrote|passed:/);
      },
    );
  }
});

describe("a command run before the install", { timeout: 60_000 }, () => {
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), "no-install-"));
  afterAll(() => fs.rmSync(bare, { recursive: true, force: true }));

  it("says to run `npm ci` first, for every npm script", async () => {
    // A checkout without node_modules: the project's package.json and scripts, nothing installed.
    fs.copyFileSync(path.join(PROJECT_DIR, "package.json"), path.join(bare, "package.json"));
    fs.cpSync(path.join(PROJECT_DIR, "scripts"), path.join(bare, "scripts"), { recursive: true });
    const scripts = Object.keys(
      (
        JSON.parse(fs.readFileSync(path.join(bare, "package.json"), "utf8")) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    expect(scripts).toEqual(expect.arrayContaining(["test", "synth", "plan", "typecheck"]));
    const runs = await Promise.all(
      scripts.map((script) =>
        spawnAsync("npm", ["run", "--silent", script, "--", "--stack", "archon-prod"], bare),
      ),
    );
    for (const [index, script] of scripts.entries()) {
      const run = runs[index];
      expect(run.status, script).not.toBe(0);
      expect(run.stderr, script).toMatch(/run `npm ci` first/);
      expect(run.stderr, script).not.toMatch(/not found|Cannot find module/);
    }
  });

  it("lets the scripts run once installed", () => {
    const run = spawnSync("node", [path.join(PROJECT_DIR, "scripts", "checkInstall.cjs")], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
