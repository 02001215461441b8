import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyzerSession } from "../../scripts/lib/analyzerSession";
import { reconcilePolicyConfig } from "../../scripts/lib/policyConfig";
import { ServedPolicyPack } from "../../scripts/lib/policyPackProcess";
import { synthesize } from "../../scripts/lib/synthesize";
import { planPolicyPack, runPlan } from "../support/commandRun";
import { runScriptAsync } from "../support/runScript";
import { PROJECT_DIR } from "../support/synthFixture";
import * as docker from "@pulumi/docker";

const FIXTURE = path.join(PROJECT_DIR, "test", "fixtures", "exposedContainer");
const FIXTURES = path.join(PROJECT_DIR, "test", "fixtures");

interface TableRow {
  readonly policy: string;
  readonly level: string;
  readonly resource: string;
  readonly message: string;
}

/** The violation table of a plan's output, as rows (columns are padded with 2+ spaces). */
function violationRows(stdout: string): TableRow[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.startsWith("POLICY "));
  if (start < 0) {
    return [];
  }
  const rows: TableRow[] = [];
  for (const line of lines.slice(start + 1)) {
    const cells = line.split(/ {2,}/);
    if (cells.length < 4 || !["mandatory", "advisory"].includes(cells[1])) {
      break;
    }
    const [policy, level, resource] = cells;
    rows.push({ policy, level, resource, message: cells.slice(3).join("  ") });
  }
  return rows;
}

// The first run is the script itself, in its own process with its own pack (type-checked as the
// engine does); the others run the same command in-process with the worker's shared pack.
describe("npm run plan", { timeout: 240_000 }, () => {
  // The in-process plans' packs start while the first, spawned run works.
  beforeAll(() => {
    for (const project of [
      PROJECT_DIR,
      ...fs.readdirSync(FIXTURES).map((name) => path.join(FIXTURES, name)),
    ]) {
      planPolicyPack(project).catch(() => undefined); // a failed start fails the test that plans it
    }
  });

  it("passes the real archon-prod stack with a table and a one-line summary", async () => {
    const run = await runScriptAsync("plan.ts", ["--stack", "archon-prod", "--strict"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(
      /^passed: stack archon-prod, \d+ resources checked by .+: 0 mandatory, \d+ advisory violations/,
    );
  });

  it("passes the real sector7 stack with its policy config", async () => {
    const run = await runPlan([
      "--stack",
      "sector7",
      "--policy-config",
      "policy/config/sector7.json",
      "--strict",
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(
      /^passed: stack sector7, \d+ resources checked by .+: 0 mandatory/,
    );
  });

  it("fails a program that publishes a port on every interface, naming the container", async () => {
    const run = await runPlan(["--stack", "dev", "--project", FIXTURE]);
    expect(run.status).toBe(1);
    const violation = run.stdout
      .split("\n")
      .find((line) => line.includes("mandatory") && line.includes("exposed-web"));
    expect(violation).toBeDefined();
    expect(violation).toMatch(/0\.0\.0\.0|127\.0\.0\.1/);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^FAILED: stack dev/);
  });

  it("stops every hostile resource with the policy of its class, end to end", async () => {
    const dir = path.join(FIXTURES, "hostile");
    const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")) as Record<
      string,
      string[]
    >;
    const run = await runPlan(["--stack", "dev", "--project", dir]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const rows = violationRows(run.stdout);
    const mandatory = rows.filter((row) => row.level === "mandatory");
    for (const [name, policies] of Object.entries(expected)) {
      const found = mandatory.filter((row) => row.resource.endsWith(`::${name}`));
      for (const policy of policies) {
        expect(
          found.map((row) => row.policy),
          `${name} must be stopped by ${policy}`,
        ).toContain(policy);
      }
    }
    // A malformed value is reported, and the other findings on the resource survive it.
    expect(run.stdout).not.toMatch(/TypeError|at Object\.|cannot read/i);
    expect(mandatory.find((row) => row.resource.endsWith("::h-malformed"))?.message).toMatch(
      /ports\[0\] is null|not a path/,
    );
    // Stack outputs reach the check: a password in a plain output is named, not shown.
    const output = mandatory.find((row) => row.policy === "plan:stack-outputs-secret");
    expect(output?.message).toContain("databaseUrl");
    expect(run.stdout).not.toContain("hunter2");
    // Commands that deploy are named, as advice.
    expect(rows).toContainEqual(
      expect.objectContaining({ policy: "commands-reviewed", level: "advisory" }),
    );
  });

  it("passes the secure form of each hostile resource", async () => {
    const run = await runPlan([
      "--stack",
      "dev",
      "--project",
      path.join(FIXTURES, "secureControls"),
      "--strict",
    ]);
    expect(run.stdout).toContain("no policy violations");
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^passed: stack dev/);
  });

  it("lists what it could not analyze, and fails on it under --strict", async () => {
    const run = await runPlan([
      "--stack",
      "dev",
      "--project",
      path.join(FIXTURES, "blindSpots"),
      "--strict",
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/not analyzed \(3\)/);
    for (const component of [
      "kubernetes:yaml/v2:ConfigFile::manifest-v2",
      "kubernetes:yaml/v2:ConfigGroup::group-v2",
      "kubernetes:helm.sh/v4:Chart::chart-v4",
    ]) {
      expect(run.stdout).toContain(component);
    }
    // Nothing else is wrong with the program: --strict alone fails it.
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(
      /^FAILED: stack dev, .*: 0 mandatory, .* 3 not analyzed \(--strict\)/,
    );
  });

  it("refuses a policy config file that does not match the pack's schema", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, JSON.stringify({ "no-such-policy": "mandatory" }));
    const run = await runPlan(["--stack", "archon-prod", "--policy-config", file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Invalid policy pack config ${file}`);
    expect(run.stderr).toContain("no-such-policy: no such policy in the pack");
  });
});

describe("the policy pack over gRPC", { timeout: 240_000 }, () => {
  let pack: ServedPolicyPack;
  let session: AnalyzerSession;

  beforeAll(async () => {
    pack = await planPolicyPack();
    session = new AnalyzerSession(pack.address);
    // As the engine does: the schema defaults go to Configure before any analysis.
    await session.configure(reconcilePolicyConfig((await session.info()).policies, {}, "defaults"));
  }, 240_000);

  afterAll(async () => {
    session?.close();
    await pack?.stop();
  });

  it("describes every policy with a level, a description and remediation", async () => {
    const info = await session.info();
    expect(info.name).toBe("archon-sector7");
    expect(info.policies.length).toBeGreaterThanOrEqual(16);
    for (const policy of info.policies) {
      expect(["advisory", "mandatory"], policy.name).toContain(policy.enforcementLevel);
    }
  });

  it("reports a mandatory violation for an exposed container and none for a loopback one", async () => {
    const program = () => {
      new docker.Container("open", {
        name: "open",
        image: "nginx:1.27.3",
        ports: [{ internal: 80, external: 8080, ip: "0.0.0.0" }],
      });
      new docker.Container("closed", {
        name: "closed",
        image: "nginx:1.27.3",
        ports: [{ internal: 80, external: 8081, ip: "127.0.0.1" }],
      });
      return {};
    };
    const result = await synthesize({
      project: "plan-test",
      stack: "dev",
      config: { values: {}, secretKeys: [] },
      program,
    });
    await session.configureStack("plan-test", "dev");
    const [closed, open] = result.resources;
    const openFindings = await session.analyze(open, result.resources);
    expect(openFindings.filter((d) => d.level === "mandatory").map((d) => d.urn)).toContain(
      open.urn,
    );
    const closedFindings = await session.analyze(closed, result.resources);
    expect(closedFindings.filter((d) => d.level === "mandatory")).toEqual([]);
  });

  it("finds a demo JWT secret anywhere in the stack through analyzeStack", async () => {
    const result = await synthesize({
      project: "plan-test",
      stack: "dev",
      config: { values: {}, secretKeys: [] },
      program: () => {
        new docker.Container("leaky", {
          name: "leaky",
          image: "postgres:17.2",
          envs: ["JWT_SECRET=super-secret-jwt-token-with-at-least-32-characters-long"],
        });
        return {};
      },
    });
    const findings = await session.analyzeStack(result.resources);
    expect(findings.some((d) => d.level === "mandatory" && d.phase === "analyzeStack")).toBe(true);
  });
});
