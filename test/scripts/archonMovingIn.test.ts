import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeHost, FakeHost } from "../support/fakeTools";
import { findBinary, LocalPostgres, startLocalPostgres } from "../support/localPostgres";
import { PROJECT_DIR } from "../support/synthFixture";
import { execFileSync } from "child_process";

// archon-prod's pre-flight, cutover and way back (issue 12, items 1 and 2) on a stand-in host:
// docker, pulumi and kubectl record their calls and fail on demand; what runs "inside" the
// database container runs on a real PostgreSQL holding tables named like Archon's.

const SCRIPTS = path.join(PROJECT_DIR, "scripts", "moving-in");
const PREFLIGHT = path.join(SCRIPTS, "archon-prod-preflight.sh");
const CUTOVER = path.join(SCRIPTS, "archon-prod-cutover.sh");
const ROLLBACK = path.join(SCRIPTS, "archon-prod-rollback.sh");
const RESTORE = path.join(SCRIPTS, "archon-prod-restore-preflight.sh");
const JWT_SECRET = "an-old-jwt-secret-of-the-compose-env-0123456789";
const ROWS: Record<string, number> = {
  archon_settings: 7,
  archon_sources: 3,
  archon_crawled_pages: 41,
};

let pg: LocalPostgres;
let host: FakeHost;
let composeDir: string;

beforeAll(() => {
  pg = startLocalPostgres();
  pg.sql("CREATE ROLE supabase_admin LOGIN SUPERUSER");
  // Like the Supabase image: postgres is no superuser; the dumps must not depend on it.
  pg.sql("CREATE ROLE archon_owner LOGIN");
  pg.sql("CREATE EXTENSION citext");
  pg.sql(`ALTER DATABASE postgres SET app.settings.jwt_secret = '${JWT_SECRET}'`);
  for (const [table, rows] of Object.entries(ROWS)) {
    pg.sql(
      `CREATE TABLE public.${table} (id bigserial PRIMARY KEY, key citext NOT NULL, body jsonb);` +
        `INSERT INTO public.${table} (key, body) SELECT 'k' || g, jsonb_build_object('n', g) FROM generate_series(1, ${rows}) g;` +
        `ALTER TABLE public.${table} OWNER TO archon_owner;`,
    );
  }
});

afterAll(() => {
  pg?.stop();
  for (const dir of finishedPreflights.values()) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

beforeEach(() => {
  host = fakeHost();
  const data = host.volume("archon_postgres_data");
  fs.writeFileSync(path.join(data, "PG_VERSION"), "17\n");
  fs.mkdirSync(path.join(data, "base"));
  fs.writeFileSync(path.join(data, "base", "1"), "pages");
  const custom = path.join(host.containerRoot("archon-postgres"), "etc", "postgresql-custom");
  fs.mkdirSync(custom, { recursive: true });
  fs.writeFileSync(path.join(custom, "pgsodium_root.key"), "ab".repeat(32));
  composeDir = path.join(host.root, "opt-archon");
  fs.mkdirSync(composeDir);
  fs.writeFileSync(path.join(composeDir, "docker-compose.yml"), "services: {}\n");
});

afterEach(() => host.remove());

const out = () => path.join(host.root, "backups");
const run = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  host.run(script, args, { ...pg.env, ...env });

function preflight(env: NodeJS.ProcessEnv = {}, args: string[] = []): string {
  const result = run(PREFLIGHT, ["--out", out(), ...args], env);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const [dir] = fs.readdirSync(out());
  return path.join(out(), dir);
}

const finishedPreflights = new Map<string, string>();

/**
 * The folder a pre-flight with these arguments writes, for tests of what comes after it: the
 * first call runs the pre-flight (about a second of real dumps), later calls copy that folder
 * into the test's own host. The pre-flight's own tests above run it every time.
 */
function preflightDone(args: string[] = []): string {
  const key = args.join(" ");
  let done = finishedPreflights.get(key);
  if (!done) {
    const dir = preflight({}, args);
    done = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
    fs.cpSync(dir, path.join(done, path.basename(dir)), { recursive: true });
    finishedPreflights.set(key, done);
  }
  const [name] = fs.readdirSync(done);
  fs.cpSync(path.join(done, name), path.join(out(), name), { recursive: true });
  return path.join(out(), name);
}

/** No call may remove a volume, by `volume rm`, `compose down -v` or `--volumes`. */
function expectNoVolumeRemoved(calls: string[]) {
  expect(
    calls.filter((c) =>
      /volume (rm|prune)|compose .*(down|rm).*(-v\b|--volumes)|--rm.*-v .*:\/source$/.test(c),
    ),
  ).toEqual([]);
  expect(fs.existsSync(path.join(host.root, "volumes", "archon_postgres_data", "PG_VERSION"))).toBe(
    true,
  );
}

function counts(file: string): Record<string, number> {
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split("\t"))
      .map(([table, n]) => [table, Number(n)]),
  );
}

describe("archon-prod pre-flight", () => {
  it("writes a dated folder: counts, a cluster dump, a custom dump, the key and the volume", () => {
    const dir = preflight();
    expect(path.basename(dir)).toMatch(/^\d{8}T\d{6}Z$/);
    expect(counts(path.join(dir, "rowcounts.tsv"))).toEqual(
      Object.fromEntries(Object.entries(ROWS).map(([t, n]) => [`public.${t}`, n])),
    );
    expect(fs.readFileSync(path.join(dir, "all.sql"), "utf8")).toContain(
      "CREATE ROLE archon_owner;",
    );
    expect(fs.readFileSync(path.join(dir, "postgresql-custom", "pgsodium_root.key"), "utf8")).toBe(
      "ab".repeat(32),
    );
    const archive = execFileSync("tar", ["tzf", path.join(dir, "volume.tar.gz")], {
      encoding: "utf8",
    });
    expect(archive.split("\n")).toEqual(expect.arrayContaining(["./PG_VERSION", "./base/1"]));
    expect(fs.readFileSync(path.join(dir, "COMPLETE"), "utf8")).toContain(
      "volume=archon_postgres_data",
    );
    execFileSync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: dir });
  });

  it("writes a custom-format dump that restores into a scratch database with the same counts", () => {
    const dir = preflight();
    pg.sql("DROP DATABASE IF EXISTS scratch_restore");
    pg.sql("CREATE DATABASE scratch_restore");
    execFileSync(
      findBinary("pg_restore"),
      ["-d", "scratch_restore", "--no-owner", "--exit-on-error", path.join(dir, "postgres.dump")],
      { env: pg.env },
    );
    for (const [table, rows] of Object.entries(ROWS)) {
      const n = execFileSync(
        findBinary("psql"),
        ["-X", "-A", "-t", "-d", "scratch_restore", "-c", `SELECT count(*) FROM public.${table}`],
        { env: pg.env, encoding: "utf8" },
      ).trim();
      expect(Number(n)).toBe(rows);
    }
    pg.sql("DROP DATABASE scratch_restore");
  });

  it("checks the restore itself with --verify-restore and leaves no scratch database", () => {
    const dir = preflight({}, ["--verify-restore"]);
    expect(counts(path.join(dir, "rowcounts-restored.tsv"))).toEqual(
      counts(path.join(dir, "rowcounts.tsv")),
    );
    expect(pg.sql("SELECT count(*) FROM pg_database WHERE datname LIKE 'preflight_verify%'")).toBe(
      "0",
    );
  });

  it("dumps as the image's superuser over 127.0.0.1 and passes the password only by name", () => {
    preflight({ PGPASSWORD: "the-old-postgres-password" });
    const calls = host.calls();
    const dumps = calls.filter((c) => /pg_dump(all)? /.test(c));
    expect(dumps).toHaveLength(2);
    for (const call of dumps) {
      expect(call).toMatch(/-e PGPASSWORD archon-postgres .* -h 127\.0\.0\.1 -U supabase_admin/);
    }
    expect(calls.join("\n")).not.toContain("the-old-postgres-password");
  });

  it("pauses the database only around the volume copy and never removes a volume", () => {
    preflight();
    const calls = host.calls();
    const at = (re: RegExp) => calls.findIndex((c) => re.test(c));
    expect(at(/^docker pause archon-postgres$/)).toBeGreaterThan(at(/pg_dump .*--format=custom/));
    expect(at(/^docker run .*tar$|^docker run .*archon_postgres_data:\/source:ro/)).toBe(
      at(/^docker pause/) + 1,
    );
    expect(at(/^docker unpause archon-postgres$/)).toBe(at(/^docker pause/) + 2);
    expectNoVolumeRemoved(calls);
  });

  it.each([
    ["the container check", "^docker inspect", "docker inspect"],
    ["pg_dumpall", "^docker exec .*pg_dumpall", "pg_dumpall"],
    ["the custom dump", "^docker exec .*pg_dump -h", "pg_dump -h"],
    ["the key copy", "^docker cp", "docker cp"],
  ])("stops at the first failure: %s", (_what, failing, last) => {
    const result = run(PREFLIGHT, ["--out", out()], { FAKE_FAIL: failing });
    expect(result.status).not.toBe(0);
    const calls = host.calls();
    expect(calls.at(-1)).toContain(last);
    expect(calls.some((c) => c.startsWith("docker pause"))).toBe(false);
    const written = fs.existsSync(out()) ? fs.readdirSync(out()) : [];
    for (const dir of written) {
      expect(fs.existsSync(path.join(out(), dir, "COMPLETE"))).toBe(false);
    }
  });

  it("unpauses the database when the volume copy fails", () => {
    const result = run(PREFLIGHT, ["--out", out()], { FAKE_FAIL: "^docker run" });
    expect(result.status).not.toBe(0);
    expect(host.calls().at(-1)).toBe("docker unpause archon-postgres");
  });

  it("refuses a database with no table in schema public (the wrong container)", () => {
    const result = run(PREFLIGHT, ["--out", out(), "--database", "template1"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("no table in schema public of template1");
  });
});

describe("archon-prod cutover and the way back", () => {
  const cutover = (dir: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) =>
    run(CUTOVER, ["--preflight", dir, "--compose-dir", composeDir, ...extra], env);

  it("stops compose keeping volumes, runs pulumi up and compares the counts", () => {
    const dir = preflightDone();
    host.setPulumiConfig("supabase:jwtSecret", JWT_SECRET);
    host.clearCalls();
    const result = cutover(dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("row counts match: 3 tables");
    const calls = host.calls();
    const order = [
      /^pulumi config get supabase:jwtSecret/,
      /^docker compose down --remove-orphans$/,
      /^docker volume inspect archon_postgres_data$/,
      /^pulumi up --yes --skip-preview --stack archon-prod$/,
      /^docker exec archon-postgres psql .*pg_class/,
    ].map((re) => calls.findIndex((c) => re.test(c)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expectNoVolumeRemoved(calls);
  });

  it("fails after pulumi up when rows are missing, pointing at the way back", () => {
    const dir = preflightDone();
    host.setPulumiConfig("supabase:jwtSecret", JWT_SECRET);
    const psql = findBinary("psql");
    pg.sql("CREATE TABLE public.archon_keep AS SELECT * FROM public.archon_sources");
    try {
      const result = cutover(dir, {
        FAKE_PULUMI_UP: `${psql} -X -c 'DELETE FROM public.archon_sources WHERE id = 1'`,
      });
      expect(result.status).not.toBe(0);
      expect(result.stdout).toMatch(
        /< public\.archon_sources\t3\n---\n> public\.archon_sources\t2/,
      );
      expect(result.stderr).toContain("archon-prod-rollback.sh");
    } finally {
      pg.sql(
        "DELETE FROM public.archon_sources; INSERT INTO public.archon_sources SELECT * FROM public.archon_keep; DROP TABLE public.archon_keep",
      );
    }
  });

  it("refuses to stop compose when the configured JWT secret is not the database's", () => {
    const dir = preflightDone();
    host.setPulumiConfig("supabase:jwtSecret", "another-secret-that-would-break-stored-keys-000");
    const result = cutover(dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("supabase:jwtSecret differs");
    expect(host.calls().some((c) => c.startsWith("docker compose"))).toBe(false);
  });

  it("refuses without supabase:jwtSecret, a stack volume name other than the data's, or a changed pre-flight", () => {
    const dir = preflightDone();
    expect(cutover(dir).stderr).toContain("supabase:jwtSecret is not set");
    host.setPulumiConfig("supabase:jwtSecret", JWT_SECRET);
    host.setPulumiConfig("supabase:postgresVolumeName", "fresh_volume");
    expect(cutover(dir).stderr).toContain(
      "pulumi config set supabase:postgresVolumeName archon_postgres_data",
    );
    host.setPulumiConfig("supabase:postgresVolumeName", undefined);
    fs.appendFileSync(path.join(dir, "rowcounts.tsv"), "public.extra\t1\n");
    expect(cutover(dir).stderr).toContain("changed since it was written");
    expect(host.calls().some((c) => c.startsWith("docker compose"))).toBe(false);
  });

  it("stops when pulumi up fails (a post-deploy check) and compares nothing", () => {
    const dir = preflightDone();
    host.setPulumiConfig("supabase:jwtSecret", JWT_SECRET);
    const result = cutover(dir, { FAKE_FAIL: "^pulumi up" });
    expect(result.status).not.toBe(0);
    expect(host.calls().at(-1)).toMatch(/^pulumi up/);
    expect(fs.existsSync(path.join(dir, "rowcounts-after-cutover.tsv"))).toBe(false);
  });

  it("gives the program's key volume the pre-flight's pgsodium root key before pulumi up", () => {
    const dir = preflightDone();
    host.setPulumiConfig("supabase:jwtSecret", JWT_SECRET);
    const result = cutover(dir, {}, ["--key-volume", "archon_postgres_config"]);
    expect(result.status).toBe(0);
    expect(
      fs.readFileSync(
        path.join(host.root, "volumes", "archon_postgres_config", "pgsodium_root.key"),
        "utf8",
      ),
    ).toBe("ab".repeat(32));
    const calls = host.calls();
    expect(
      calls.findIndex((c) => c.startsWith("docker run") && c.includes("archon_postgres_config")),
    ).toBeLessThan(calls.findIndex((c) => c.startsWith("pulumi up")));
  });

  it("goes back: the program's containers removed, the protected volume kept, compose started", () => {
    const result = run(ROLLBACK, ["--compose-dir", composeDir]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const calls = host.calls();
    expect(calls).toEqual([
      "pulumi destroy --yes --skip-preview --exclude-protected --stack archon-prod",
      "docker volume inspect archon_postgres_data",
      "docker compose up -d",
      "docker compose ps",
    ]);
    expectNoVolumeRemoved(calls);
  });

  it("does not start compose when the destroy fails", () => {
    const result = run(ROLLBACK, ["--compose-dir", composeDir], { FAKE_FAIL: "^pulumi destroy" });
    expect(result.status).not.toBe(0);
    expect(host.calls().some((c) => c.startsWith("docker compose"))).toBe(false);
  });
});

/** A pre-flight of the pre-consolidation layout (the Supabase CLI's `supabase_db_supabase`). */
function preflightOfOldLayout(): string {
  fs.writeFileSync(path.join(host.volume("supabase_db_supabase"), "PG_VERSION"), "15\n");
  const custom = path.join(host.containerRoot("supabase_db_supabase"), "etc", "postgresql-custom");
  fs.mkdirSync(custom, { recursive: true });
  fs.writeFileSync(path.join(custom, "pgsodium_root.key"), "cd".repeat(32));
  return preflightDone(["--container", "supabase_db_supabase", "--volume", "supabase_db_supabase"]);
}

describe("archon-prod from the layout before consolidation", () => {
  it("restores Archon's tables into the new database, extensions first, with the same counts", () => {
    const dir = preflightDone();
    pg.sql("DROP DATABASE IF EXISTS fresh_supabase");
    pg.sql("CREATE DATABASE fresh_supabase");
    host.clearCalls();
    const result = run(RESTORE, ["--preflight", dir, "--target-database", "fresh_supabase"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(counts(path.join(dir, "rowcounts-after-restore.tsv"))).toEqual(
      counts(path.join(dir, "rowcounts.tsv")),
    );
    const owner = execFileSync(
      findBinary("psql"),
      [
        "-X",
        "-A",
        "-t",
        "-d",
        "fresh_supabase",
        "-c",
        "SELECT tableowner FROM pg_tables WHERE tablename = 'archon_sources'",
      ],
      { env: pg.env, encoding: "utf8" },
    ).trim();
    expect(owner).toBe("postgres");
    const calls = host.calls();
    expect(calls[0]).toBe("docker stop archon-server archon-mcp");
    expect(calls.at(-1)).toBe("docker start archon-server archon-mcp");
    pg.sql("DROP DATABASE fresh_supabase");
  });

  it("keeps the writers stopped when the restore fails", () => {
    const dir = preflightDone();
    host.clearCalls();
    const result = run(RESTORE, ["--preflight", dir, "--target-database", "no_such_database"]);
    expect(result.status).not.toBe(0);
    expect(host.calls().some((c) => c.startsWith("docker start"))).toBe(false);
  });

  it("cuts over from it: compose down, the CLI's containers stopped, pulumi up, then the restore", () => {
    const dir = preflightOfOldLayout();
    host.clearCalls();
    const cli = "supabase_db_supabase supabase_kong_supabase";
    const result = run(CUTOVER, [
      "--preflight",
      dir,
      "--compose-dir",
      composeDir,
      "--restore",
      "--stop-containers",
      cli,
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const calls = host.calls();
    const order = [
      /^docker compose down --remove-orphans$/,
      new RegExp(`^docker stop ${cli}$`),
      /^pulumi up /,
      /^docker stop archon-server archon-mcp$/,
      /^docker exec -i archon-postgres pg_restore .*--schema=public/,
      /^docker start archon-server archon-mcp$/,
    ].map((re) => calls.findIndex((c) => re.test(c)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(calls.some((c) => c.startsWith("pulumi config get supabase:jwtSecret"))).toBe(false);
    expect(calls.filter((c) => /volume (rm|prune)|docker rm /.test(c))).toEqual([]);
    const back = run(ROLLBACK, ["--compose-dir", composeDir, "--start-containers", cli]);
    expect(back.status).toBe(0);
    expect(host.calls().slice(-3)).toEqual([
      `docker start ${cli}`,
      "docker compose up -d",
      "docker compose ps",
    ]);
  });

  it("refuses to let the new image adopt the old layout's volume", () => {
    const dir = preflightOfOldLayout();
    host.setPulumiConfig("supabase:postgresVolumeName", "supabase_db_supabase");
    const result = run(CUTOVER, ["--preflight", dir, "--compose-dir", composeDir, "--restore"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("must not adopt");
    expect(host.calls().some((c) => c.startsWith("docker compose"))).toBe(false);
  });
});
