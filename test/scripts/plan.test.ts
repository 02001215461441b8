import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyzerSession } from "../../scripts/lib/analyzerSession";
import { reconcilePolicyConfig } from "../../scripts/lib/policyConfig";
import { startPolicyPack, ServedPolicyPack } from "../../scripts/lib/policyPackProcess";
import { synthesize } from "../../scripts/lib/synthesize";
import { runScriptAsync } from "../support/runScript";
import { PROJECT_DIR } from "../support/synthFixture";
import * as docker from "@pulumi/docker";

const FIXTURE = path.join(PROJECT_DIR, "test", "fixtures", "exposedContainer");

// Each run starts the pack in its own process, type-checked as the engine does: slow on 2 cores.
describe("npm run plan", { timeout: 120_000 }, () => {
  it("passes the real archon-prod stack with a table and a one-line summary", async () => {
    const run = await runScriptAsync("plan.ts", ["--stack", "archon-prod"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(
      /^passed: stack archon-prod, \d+ resources checked by .+: 0 mandatory, \d+ advisory violations/,
    );
  });

  it("passes the real sector7 stack with its policy config", async () => {
    const run = await runScriptAsync("plan.ts", [
      "--stack",
      "sector7",
      "--policy-config",
      "policy/config/sector7.json",
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(
      /^passed: stack sector7, \d+ resources checked by .+: 0 mandatory/,
    );
  });

  it("fails a program that publishes a port on every interface, naming the container", async () => {
    const run = await runScriptAsync("plan.ts", ["--stack", "dev", "--project", FIXTURE]);
    expect(run.status).toBe(1);
    const violation = run.stdout
      .split("\n")
      .find((line) => line.includes("mandatory") && line.includes("exposed-web"));
    expect(violation).toBeDefined();
    expect(violation).toMatch(/0\.0\.0\.0|127\.0\.0\.1/);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^FAILED: stack dev/);
  });

  it("refuses a policy config file that does not match the pack's schema", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, JSON.stringify({ "no-such-policy": "mandatory" }));
    const run = await runScriptAsync("plan.ts", [
      "--stack",
      "archon-prod",
      "--policy-config",
      file,
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Invalid policy pack config ${file}`);
    expect(run.stderr).toContain("no-such-policy: no such policy in the pack");
  });
});

describe("the policy pack over gRPC", { timeout: 120_000 }, () => {
  let pack: ServedPolicyPack;
  let session: AnalyzerSession;

  beforeAll(async () => {
    pack = await startPolicyPack(path.join(PROJECT_DIR, "policy"));
    session = new AnalyzerSession(pack.address);
    // As the engine does: the schema defaults go to Configure before any analysis.
    await session.configure(reconcilePolicyConfig((await session.info()).policies, {}, "defaults"));
  }, 120_000);

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
