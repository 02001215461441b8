import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPostDeployChecks } from "../../../components/archon/postDeployChecks";
import { spawnAsync } from "../../support/runScript";

const TARGETS = {
  containers: ["archon-postgres", "archon-kong", "archon-studio", "archon-server"],
  postgresContainer: "archon-postgres",
  serverContainer: "archon-server",
  serverPort: 8181,
  mcpPort: 8051,
  uiContainer: "archon-ui",
  studioContainer: "archon-studio",
  postgrestAdmin: "rest:3001",
};

let dir: string;

// A stand-in `docker` on PATH: every call succeeds (inspect says healthy, psql prints 1) unless
// it names the container in $BROKEN. Each call is logged for inspection.
const FAKE_DOCKER = `#!/bin/bash
echo "$*" >> "$DOCKER_LOG"
for arg in "$@"; do [ "$arg" = "$BROKEN" ] && { echo unhealthy; exit 1; }; done
case "$1" in
  inspect) echo healthy ;;
  exec) [ "$2" = archon-postgres ] && echo 1 ;;
esac
exit 0
`;

function runChecks(broken: string): { status: number | null; stdout: string; log: string } {
  const script = path.join(dir, "checks.sh");
  const log = path.join(dir, `docker-${broken || "none"}.log`);
  fs.writeFileSync(script, renderPostDeployChecks(TARGETS));
  const run = spawnSync("bash", [script], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, BROKEN: broken, DOCKER_LOG: log },
  });
  return { status: run.status, stdout: run.stdout, log: fs.readFileSync(log, "utf8") };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "checks-"));
  fs.writeFileSync(path.join(dir, "docker"), FAKE_DOCKER, { mode: 0o755 });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("post-deploy checks", () => {
  it("pass when every container is healthy and every endpoint answers", () => {
    const run = runChecks("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("all post-deploy checks passed");
    expect(run.stdout.match(/^PASS /gm)).toHaveLength(TARGETS.containers.length + 8);
    expect(run.log).toContain("exec archon-server python -c");
    expect(run.log).toContain("/rest/v1/");
    expect(run.log).not.toMatch(/eyJ/);
  });

  it("fail the update when a container is unhealthy, naming what failed", () => {
    const run = runChecks("archon-studio");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("FAIL archon-studio is healthy");
    expect(run.stdout).toContain("FAIL Studio answers");
    expect(run.stdout).toContain("PASS archon-kong is healthy");
  });

  it("fail when the server cannot reach PostgREST through Kong", () => {
    const run = runChecks("archon-server");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("FAIL PostgREST through Kong with the service key");
    expect(run.stdout).toContain("FAIL archon_settings through Kong");
  });
});

describe("post-deploy checks, one failure at a time", () => {
  // A stand-in `docker` that fails only its $FAIL_CALL-th call: every check makes one call.
  // Shell builtins only: the test runs it a few hundred times.
  const COUNTING_DOCKER = `#!/bin/bash
n=0
[ -f "$COUNTER" ] && read -r n < "$COUNTER"
n=$((n + 1))
echo "$n" > "$COUNTER"
[ "$n" = "$FAIL_CALL" ] && { echo unhealthy; exit 1; }
case "$1" in
  inspect) echo healthy ;;
  exec) [ "$2" = archon-postgres ] && echo 1 ;;
esac
exit 0
`;
  const EDGE = {
    address: "archon-nginx",
    httpPort: 80,
    httpsPort: 443,
    archonHost: "archon.example.org",
    supabaseHost: "supabase.archon.example.org",
    archonStatus: 401,
  };

  /** Each run has its own folder and counter: the runs go side by side. */
  async function runFailing(failCall: number) {
    const bin = fs.mkdtempSync(path.join(dir, "counting-"));
    fs.writeFileSync(path.join(bin, "docker"), COUNTING_DOCKER, { mode: 0o755 });
    const script = path.join(bin, "checks.sh");
    fs.writeFileSync(script, renderPostDeployChecks({ ...TARGETS, edge: EDGE }));
    const run = await spawnAsync("bash", [script], bin, {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      COUNTER: path.join(bin, "count"),
      FAIL_CALL: String(failCall),
    });
    return { ...run, calls: Number(fs.readFileSync(path.join(bin, "count"), "utf8")) };
  }

  it("fail the update when any single check fails, and name only that one", async () => {
    const passing = await runFailing(0);
    expect(passing.status).toBe(0);
    const checks = passing.stdout.match(/^PASS /gm)!.length;
    // Containers, PostgREST ready, Postgres, server, MCP, UI, Kong twice, Studio, edge thrice.
    expect(checks).toBe(TARGETS.containers.length + 11);
    expect(passing.calls).toBe(checks);
    const calls = Array.from({ length: checks }, (_, index) => index + 1);
    const runs = await Promise.all(calls.map(runFailing));
    for (const [index, run] of runs.entries()) {
      const call = calls[index];
      expect(run.status, `check ${call} failing`).toBe(1);
      expect(run.stdout.match(/^FAIL /gm), `check ${call} failing`).toHaveLength(1);
      expect(run.stdout.match(/^PASS /gm), `check ${call} failing`).toHaveLength(checks - 1);
      expect(run.stdout).not.toContain("all post-deploy checks passed");
      expect(run.stderr).toBe("1 post-deploy check(s) failed\n");
    }
  }, 300_000);
});
