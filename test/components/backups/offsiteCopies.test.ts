import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderOffsiteLoop } from "../../../components/backups/docker/offsiteCopies";

// The off-host copy loop as the rclone container runs it (sh), with a recording `rclone` and a
// `sleep` that ends the loop after its first pass (the TERM trap exits cleanly).

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "offsite-"));
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(
    path.join(dir, "bin", "sleep"),
    `#!/bin/sh\necho "sleep $*" >> ${dir}/calls\nkill -TERM $PPID\n`,
    {
      mode: 0o755,
    },
  );
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function pass(rcloneExit: number) {
  fs.writeFileSync(
    path.join(dir, "bin", "rclone"),
    `#!/bin/sh\necho "rclone $*" >> ${dir}/calls\nexit ${rcloneExit}\n`,
    { mode: 0o755 },
  );
  const stamp = path.join(dir, "last-copy");
  const run = spawnSync("sh", ["-c", renderOffsiteLoop("archon-dumps", "archon-prod", 30, stamp)], {
    encoding: "utf8",
    timeout: 20_000,
    env: { ...process.env, PATH: `${dir}/bin:${process.env.PATH}` },
  });
  const calls = fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n");
  return { run, calls, stamped: fs.existsSync(stamp) };
}

describe("the off-host copy loop", () => {
  it("copies the dumps without deleting anything, stamps the success, then waits the interval", () => {
    const { run, calls, stamped } = pass(0);
    expect(run.status).toBe(0);
    expect(calls).toEqual([
      "rclone copy /backups offsite:archon-dumps/archon-prod --immutable --include *.dump --stats-one-line -v",
      "sleep 1800",
    ]);
    expect(stamped).toBe(true);
  });

  it("keeps going after a failed copy, without a stamp, so the health check turns unhealthy", () => {
    const { run, calls, stamped } = pass(1);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("off-host copy failed; next try in 30 min");
    expect(calls.at(-1)).toBe("sleep 1800");
    expect(stamped).toBe(false);
  });
});
