import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARCHON_SOURCE_CHECK_SCRIPT } from "../../../components/archon/archonSource";
import { requireTool } from "../../support/requireTool";

let repo: string;
let first: string;
let second: string;

function git(...args: string[]): string {
  return execFileSync("git", ["-C", repo, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  }).trim();
}

function check(source: string, ref: string) {
  const run = spawnSync("/bin/sh", ["-c", ARCHON_SOURCE_CHECK_SCRIPT], {
    env: { PATH: process.env.PATH, ARCHON_SOURCE: source, ARCHON_SOURCE_REF: ref },
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  requireTool("git");
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "archon-checkout-"));
  git("init", "-q");
  fs.mkdirSync(path.join(repo, "migration"));
  fs.writeFileSync(path.join(repo, "migration", "complete_setup.sql"), "-- v1\n");
  git("add", ".");
  git("commit", "-qm", "one");
  first = git("rev-parse", "HEAD");
  git("tag", "v0.1.0");
  fs.writeFileSync(path.join(repo, "migration", "complete_setup.sql"), "-- v2\n");
  git("commit", "-qam", "two");
  second = git("rev-parse", "HEAD");
});

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

describe("the check of the Archon checkout against archon:sourceRef", () => {
  it("passes for the checked-out commit, by hash or by a tag naming it", () => {
    expect(check(repo, second).status).toBe(0);
    git("checkout", "-q", "v0.1.0");
    const byTag = check(repo, "v0.1.0");
    expect(byTag.status).toBe(0);
    expect(byTag.stdout).toContain(first);
    git("checkout", "-q", second);
  });

  it("fails for another commit, naming both and the fix", () => {
    const run = check(repo, first);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`has ${second} checked out`);
    expect(run.stderr).toContain(`archon:sourceRef ${first}`);
    expect(run.stderr).toContain(`git -C ${repo} checkout ${first}`);
  });

  it("fails for a ref the checkout does not know, and for a path that is no checkout", () => {
    expect(check(repo, "v9.9.9").stderr).toContain("does not know archon:sourceRef v9.9.9");
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "not-a-checkout-"));
    try {
      expect(check(empty, second).stderr).toContain("is not a git checkout");
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it("fails when tracked files were changed after checkout", () => {
    fs.writeFileSync(path.join(repo, "migration", "complete_setup.sql"), "-- edited\n");
    try {
      const run = check(repo, second);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("uncommitted changes");
    } finally {
      git("checkout", "-q", "--", ".");
    }
  });
});
