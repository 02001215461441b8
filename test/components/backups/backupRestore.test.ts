import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "child_process";
import {
  renderBackupScript,
  renderPgpass,
  renderRestoreScript,
} from "../../../components/backups/docker/backupScripts";
import { LocalPostgres, startLocalPostgres } from "../../support/localPostgres";
import {
  IMAGE_INIT_SCRIPTS,
  IMAGE_MIGRATIONS,
  MIGRATE_SH_BOOTSTRAP,
} from "../../support/supabaseImageLayout";
import { SUPABASE_SUPERUSER } from "../../../components/database/postgresImageContract";

// A few of the archon_* tables seed 001 lists, with rows of the kinds Archon stores.
const TABLES = [
  "archon_settings",
  "archon_sources",
  "archon_crawled_pages",
  "archon_projects",
  "archon_tasks",
];

let pg: LocalPostgres;
let backupScript: string;
let restoreScript: string;
let backupDir: string;
let pgpass: string;

// The server is laid out as the Supabase image lays it out (superuser supabase_admin, postgres
// demoted, auth owned by supabase_auth_admin), with Archon's tables owned by postgres. pg_dump 17
// is not available here, so this runs on Debian's PostgreSQL (15) with that layout; the layout
// itself is checked on PostgreSQL 17 in supabasePostgres.test.ts.
// The backup container connects as the image's superuser, with a password it reads from the
// rendered libpq password file (never the command line). Colon and backslash test the escaping.
// libpq matches a socket directory other than its default by the directory's path as host.
const BACKUP_ROLE = SUPABASE_SUPERUSER;
const HARNESS = "harness";
const BACKUP_PASSWORD = `gen:pass\\word'"${"x".repeat(20)}`;

/** What the backup container's environment gives the scripts. */
function scriptEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { BACKUP_DIR: backupDir, PGUSER: BACKUP_ROLE, PGPASSFILE: pgpass, ...extra };
}

function sqlAsHarness(query: string): string {
  return pg.sql(query, HARNESS);
}

function fingerprint(): Record<string, string> {
  return Object.fromEntries(
    TABLES.map((table) => [
      table,
      sqlAsHarness(
        `SELECT count(*) || ':' || md5(string_agg(t::text, ',' ORDER BY id)) FROM ${table} t`,
      ),
    ]),
  );
}

function dumps(): string[] {
  return fs.readdirSync(path.join(backupDir, "postgres")).sort();
}

beforeAll(() => {
  pg = startLocalPostgres(SUPABASE_SUPERUSER);
  backupDir = path.join(pg.dir, "backups");
  backupScript = path.join(pg.dir, "archon-backup");
  restoreScript = path.join(pg.dir, "archon-restore");
  fs.writeFileSync(backupScript, renderBackupScript(), { mode: 0o755 });
  fs.writeFileSync(restoreScript, renderRestoreScript(), { mode: 0o755 });
  const layout = (name: string, sql: string, user: string) => {
    const file = path.join(pg.dir, name);
    fs.writeFileSync(file, `\\set pgpass 'initial'\n${sql}`, { mode: 0o644 });
    pg.run("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-U", user, "-f", file]);
  };
  layout("bootstrap.sql", MIGRATE_SH_BOOTSTRAP, SUPABASE_SUPERUSER);
  layout("init.sql", IMAGE_INIT_SCRIPTS, "postgres");
  layout("migrations.sql", IMAGE_MIGRATIONS, SUPABASE_SUPERUSER);
  for (const table of TABLES) {
    pg.run("psql", [
      "-X",
      "-v",
      "ON_ERROR_STOP=1",
      "-U",
      "postgres",
      "-c",
      `CREATE TABLE ${table} (id serial PRIMARY KEY, name text NOT NULL, body jsonb, created timestamptz DEFAULT now());
       INSERT INTO ${table} (name, body)
         SELECT '${table}-' || g, jsonb_build_object('n', g, 'text', repeat('x', g % 50)) FROM generate_series(1, 250) g;`,
    ]);
  }
  pg.sql(`ALTER ROLE ${BACKUP_ROLE} PASSWORD '${BACKUP_PASSWORD.replace(/'/g, "''")}'`);
  // As in the image's pg_hba.conf, supabase_admin gives its password even on the socket; the
  // test itself looks at the data through a trusted superuser of its own.
  pg.sql(`CREATE ROLE ${HARNESS} SUPERUSER LOGIN`);
  const hba = path.join(pg.dir, "data", "pg_hba.conf");
  fs.writeFileSync(hba, `local all ${BACKUP_ROLE} scram-sha-256\n${fs.readFileSync(hba, "utf8")}`);
  pg.sql("SELECT pg_reload_conf()");
  pgpass = path.join(pg.dir, "pgpass");
  fs.writeFileSync(
    pgpass,
    renderPgpass(pg.dir, BACKUP_ROLE, BACKUP_PASSWORD, Number(pg.env.PGPORT)),
    { mode: 0o600 },
  );
  if (process.getuid?.() === 0) {
    execFileSync("chown", ["postgres:postgres", pgpass]);
  }
}, 60_000);

afterAll(() => {
  pg?.stop();
});

describe("backup and restore round trip on a real PostgreSQL", () => {
  it("cannot dump as the demoted postgres: auth belongs to supabase_auth_admin", () => {
    expect(() =>
      pg.run("pg_dump", ["--format=custom", "--file=/dev/null", "--dbname=postgres"], {
        PGUSER: "postgres",
      }),
    ).toThrow(/permission denied/);
  });

  it("restores dropped tables to identical row counts and checksums, owners and auth included", () => {
    const before = fingerprint();
    const owners = () =>
      sqlAsHarness(
        "SELECT string_agg(schemaname || '.' || tablename || '=' || tableowner, ',' ORDER BY schemaname, tablename) FROM pg_tables WHERE schemaname IN ('public', 'auth')",
      );
    const ownersBefore = owners();
    expect(ownersBefore).toContain("auth.schema_migrations=supabase_auth_admin");
    expect(ownersBefore).toContain("public.archon_tasks=postgres");
    pg.run("sh", [backupScript, "postgres", "3"], scriptEnv({ BACKUP_STAMP: "20260101T000000Z" }));
    expect(dumps()).toEqual(["postgres-20260101T000000Z.dump"]);

    sqlAsHarness(`DROP TABLE ${TABLES.join(", ")} CASCADE`);
    sqlAsHarness("DELETE FROM auth.schema_migrations");
    expect(sqlAsHarness("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'archon_%'")).toBe(
      "0",
    );

    const out = pg.run("sh", [restoreScript, "postgres"], scriptEnv());
    expect(out).toContain("postgres-20260101T000000Z.dump");
    expect(fingerprint()).toEqual(before);
    expect(owners()).toBe(ownersBefore);
    expect(sqlAsHarness("SELECT count(*) FROM auth.schema_migrations")).toBe("1");
    expect(Object.values(before).every((f) => f.startsWith("250:"))).toBe(true);
  });

  it("changes nothing when a restore fails part-way (one transaction)", () => {
    sqlAsHarness("INSERT INTO archon_tasks (name) VALUES ('written after the dump')");
    // An object the dump does not know depends on a table the restore must drop first.
    sqlAsHarness("CREATE VIEW recent_tasks AS SELECT * FROM archon_tasks");
    const before = fingerprint();
    expect(() => pg.run("sh", [restoreScript, "postgres"], scriptEnv())).toThrow(/depend/);
    expect(fingerprint()).toEqual(before);
    sqlAsHarness("DROP VIEW recent_tasks");
    sqlAsHarness("DELETE FROM archon_tasks WHERE name = 'written after the dump'");
  });

  it("keeps exactly the newest N dumps", () => {
    for (const day of ["02", "03", "04", "05"]) {
      pg.run(
        "sh",
        [backupScript, "postgres", "3"],
        scriptEnv({ BACKUP_STAMP: `202601${day}T000000Z` }),
      );
    }
    expect(dumps()).toEqual([
      "postgres-20260103T000000Z.dump",
      "postgres-20260104T000000Z.dump",
      "postgres-20260105T000000Z.dump",
    ]);
  });

  it("restores a named dump and refuses when there is none", () => {
    sqlAsHarness("INSERT INTO archon_tasks (name) VALUES ('added after the backup')");
    pg.run("sh", [restoreScript, "postgres", "postgres-20260103T000000Z.dump"], scriptEnv());
    expect(sqlAsHarness("SELECT count(*) FROM archon_tasks")).toBe("250");
    expect(() => pg.run("sh", [restoreScript, "nodb"], scriptEnv())).toThrow(/no dump of nodb/);
  });

  it("needs the password from the password file: without it the dump fails and nothing is kept", () => {
    const before = dumps();
    expect(() =>
      pg.run(
        "sh",
        [backupScript, "postgres", "3"],
        scriptEnv({ PGPASSFILE: "/dev/null", BACKUP_STAMP: "20260109T000000Z" }),
      ),
    ).toThrow(/password/);
    expect(dumps()).toEqual(before);
  });
});
