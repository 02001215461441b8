import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeHost, FakeHost } from "../support/fakeTools";
import { findBinary, LocalPostgres, startLocalPostgres } from "../support/localPostgres";
import { PROJECT_DIR } from "../support/synthFixture";

// sector7's pre-flight (seed 004, phase 0) on a stand-in cluster: kubectl records its calls and
// fails on demand; `kubectl exec supabase-db-0` runs on a real PostgreSQL.

const PREFLIGHT = path.join(PROJECT_DIR, "scripts", "moving-in", "sector7-preflight.sh");

let pg: LocalPostgres;
let host: FakeHost;

beforeAll(() => {
  pg = startLocalPostgres();
  pg.sql("CREATE DATABASE nocodb");
  pg.sql("CREATE ROLE demoted LOGIN");
  execFileSync(
    findBinary("psql"),
    [
      "-X",
      "-d",
      "nocodb",
      "-c",
      "CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 5)",
    ],
    { env: pg.env },
  );
});

afterAll(() => pg?.stop());

beforeEach(() => {
  host = fakeHost();
  fs.writeFileSync(
    path.join(host.root, "pv.tsv"),
    "pvc-111\tnocodb/nocodb-data\tDelete\npvc-222\tn8n/n8n-data\tRetain\n",
  );
});

afterEach(() => host.remove());

const out = () => path.join(host.root, "sector7-backups");
const run = (args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  host.run(PREFLIGHT, ["--out", out(), ...args], { ...pg.env, ...env });
const folder = () => path.join(out(), fs.readdirSync(out())[0]);

describe("sector7 pre-flight", () => {
  it("writes seed 004's phase-0 files and every listed kind to a dated folder", () => {
    const result = run();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const dir = folder();
    expect(path.basename(dir)).toMatch(/^\d{8}T\d{6}Z$/);
    for (const file of [
      "all-resources.yaml",
      "pvcs.yaml",
      "pvs.yaml",
      "supabase-dump.sql",
      "COMPLETE",
    ]) {
      expect(fs.existsSync(path.join(dir, file))).toBe(true);
    }
    expect(fs.readdirSync(path.join(dir, "objects")).sort()).toEqual([
      "configmaps.yaml",
      "persistentvolumeclaims.yaml",
      "secrets.yaml",
    ]);
    const calls = host.calls();
    expect(calls).toContain("kubectl get all --all-namespaces -o yaml");
    expect(calls).toContain("kubectl get secrets --all-namespaces -o yaml");
    expect(calls).toContain("kubectl get pvc --all-namespaces -o yaml");
    execFileSync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: dir });
  });

  it("dumps every database of supabase-db-0, and the dump restores into an empty server", () => {
    run();
    const dump = fs.readFileSync(path.join(folder(), "supabase-dump.sql"), "utf8");
    expect(host.calls()).toContain(
      "kubectl exec -n supabase supabase-db-0 -- pg_dumpall -h 127.0.0.1 -U postgres",
    );
    const scratch = startLocalPostgres();
    try {
      execFileSync(findBinary("psql"), ["-X", "-q", "-d", "postgres"], {
        env: scratch.env,
        input: dump,
      });
      const n = execFileSync(
        findBinary("psql"),
        ["-X", "-A", "-t", "-d", "nocodb", "-c", "SELECT count(*) FROM t"],
        {
          env: scratch.env,
          encoding: "utf8",
        },
      ).trim();
      expect(n).toBe("5");
    } finally {
      scratch.stop();
    }
  });

  it("writes a script that keeps the volumes phase 1 would delete, and only those", () => {
    run();
    const dir = folder();
    const retain = path.join(dir, "retain-volumes.sh");
    expect(fs.readFileSync(path.join(dir, "volumes.tsv"), "utf8")).toContain(
      "pvc-111\tnocodb/nocodb-data\tDelete",
    );
    host.clearCalls();
    execFileSync("sh", [retain], {
      env: { ...process.env, PATH: `${host.bin}:${process.env.PATH}`, FAKE_ROOT: host.root },
    });
    expect(host.calls()).toEqual([
      `kubectl patch pv pvc-111 -p {"spec":{"persistentVolumeReclaimPolicy":"Retain"}}`,
    ]);
  });

  it("refuses a dump user that is no superuser, naming the one to use", () => {
    const result = run(["--db-user", "demoted"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("--db-user supabase_admin");
    expect(host.calls().some((c) => c.includes("pg_dumpall"))).toBe(false);
  });

  it.each([
    ["the cluster check", "^kubectl get nodes"],
    ["the object export", "^kubectl get secrets"],
    ["the dump", "pg_dumpall"],
  ])("stops at the first failure: %s", (_what, failing) => {
    const result = run([], { FAKE_FAIL: failing });
    expect(result.status).not.toBe(0);
    expect(host.calls().at(-1)).toMatch(new RegExp(failing));
    const dirs = fs.existsSync(out()) ? fs.readdirSync(out()) : [];
    for (const dir of dirs) {
      expect(fs.existsSync(path.join(out(), dir, "COMPLETE"))).toBe(false);
    }
  });

  it("passes a password on stdin, never on kubectl's command line", () => {
    const result = run([], { PGPASSWORD: "sector7-db-password" });
    expect(result.status).toBe(0);
    expect(host.calls().join("\n")).not.toContain("sector7-db-password");
    expect(host.calls()).toContain(
      `kubectl exec -i -n supabase supabase-db-0 -- sh -c IFS= read -r PGPASSWORD; export PGPASSWORD; exec "$@" sh pg_dumpall -h 127.0.0.1 -U postgres`,
    );
  });
});
