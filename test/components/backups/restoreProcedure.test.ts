import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { outputs } from "../../stacks/archonProd/archonProdFixture";
import { synthProjectStack } from "../../support/synthFixture";

// The restore procedure archon-prod outputs, run against a `docker` stand-in that records every
// call, answers `inspect` from $RUNNING and fails `exec` when $RESTORE_FAILS is set.
const FAKE_DOCKER = `#!/bin/bash
echo "$*" >> "$DOCKER_LOG"
case "$1" in
  inspect) name="\${@: -1}"; [[ " $RUNNING " == *" $name "* ]] && echo true || echo false ;;
  exec) [ -n "$RESTORE_FAILS" ] && exit 1 ;;
esac
exit 0
`;

let stack: SynthResult;
let dir: string;

function restore(args: string[], running: string, fails = false) {
  const script = path.join(dir, "restore.sh");
  const log = path.join(dir, `docker-${Math.random()}.log`);
  fs.writeFileSync(script, outputs(stack).backupRestoreProcedure);
  const run = spawnSync("bash", [script, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${dir}:${process.env.PATH}`,
      DOCKER_LOG: log,
      RUNNING: running,
      RESTORE_FAILS: fails ? "1" : "",
    },
  });
  const calls = fs.readFileSync(log, "utf8").trim().split("\n");
  return { status: run.status, calls: calls.filter((c) => !c.startsWith("inspect")) };
}

beforeAll(async () => {
  stack = await synthProjectStack("archon-prod", ["archon:agentsEnabled=true"]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "restore-"));
  fs.writeFileSync(path.join(dir, "docker"), FAKE_DOCKER, { mode: 0o755 });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("archon-prod's restore procedure", () => {
  it("stops every running writer, restores, and starts the same writers again", () => {
    const run = restore(["postgres"], "archon-server archon-mcp archon-agents archon-ui");
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      "stop archon-server",
      "stop archon-mcp",
      "stop archon-agents",
      "exec archon-backup archon-restore postgres",
      "start archon-server archon-mcp archon-agents",
    ]);
  });

  it("starts only what it stopped, and passes a named dump on", () => {
    const run = restore(["postgres", "postgres-20261122T060000Z.dump"], "archon-server");
    expect(run.calls).toEqual([
      "stop archon-server",
      "exec archon-backup archon-restore postgres postgres-20261122T060000Z.dump",
      "start archon-server",
    ]);
  });

  it("fails with the restore, after starting the writers again (a failed restore changes nothing)", () => {
    const run = restore(["postgres"], "archon-server archon-mcp", true);
    expect(run.status).not.toBe(0);
    expect(run.calls.at(-1)).toBe("start archon-server archon-mcp");
  });

  it("outputs a backup-now command per database that keeps the configured number of dumps", () => {
    expect(outputs(stack).backupNowCommands.postgres).toBe(
      "docker exec archon-backup archon-backup postgres 30",
    );
  });
});
