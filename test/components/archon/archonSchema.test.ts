import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ARCHON_SCHEMA_SCRIPT } from "../../../components/archon/archonSchemaScript";
import { EmbeddedPostgres, startEmbeddedPostgres } from "../../support/embeddedPostgres";
import { requireTool } from "../../support/requireTool";

let server: EmbeddedPostgres;
let dir: string;
let port: string;
let psql: string;

function sql(query: string): string {
  return execFileSync(
    psql,
    ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", dir, "-p", port, "-U", "postgres"],
    { input: query, encoding: "utf8" },
  ).trim();
}

/** A migration folder shaped like Archon's `migration/` (see docs/contracts/archon.md). */
const FIXTURE: Record<string, string> = {
  "complete_setup.sql": `
CREATE TABLE IF NOT EXISTS archon_settings (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS archon_sources (id SERIAL PRIMARY KEY, url TEXT, display_name TEXT);
CREATE TABLE IF NOT EXISTS archon_migrations (
  id SERIAL PRIMARY KEY,
  version VARCHAR(20) NOT NULL,
  migration_name VARCHAR(255) NOT NULL,
  applied_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  checksum VARCHAR(32),
  UNIQUE(version, migration_name)
);
INSERT INTO archon_settings VALUES ('from_complete_setup', 'yes');
INSERT INTO archon_migrations (version, migration_name)
VALUES ('0.1.0', '001_add_display_name'), ('0.1.0', '002_add_migration_tracking')
ON CONFLICT (version, migration_name) DO NOTHING;
`,
  // Like Archon's 003/004/005/009: its own transaction; not idempotent, so a re-run fails.
  "0.1.0/001_add_display_name.sql": `BEGIN;
ALTER TABLE archon_sources ADD COLUMN display_name TEXT;
COMMIT;
`,
  // Like Archon's 008: creates the tracking table and records itself and its predecessors.
  "0.1.0/002_add_migration_tracking.sql": `
CREATE TABLE IF NOT EXISTS archon_migrations (
  id SERIAL PRIMARY KEY,
  version VARCHAR(20) NOT NULL,
  migration_name VARCHAR(255) NOT NULL,
  applied_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  checksum VARCHAR(32),
  UNIQUE(version, migration_name)
);
INSERT INTO archon_migrations (version, migration_name)
VALUES ('0.1.0', '002_add_migration_tracking'), ('0.1.0', '001_add_display_name')
ON CONFLICT (version, migration_name) DO NOTHING;
`,
  "0.2.0/001_add_priority.sql": "ALTER TABLE archon_sources ADD COLUMN priority INTEGER;\n",
};

let migrationDir: string;

function writeFixture(extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "archon-migration-"));
  for (const [file, content] of Object.entries({ ...FIXTURE, ...extra })) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

function runSchema(folder: string) {
  const run = spawnSync("/bin/sh", ["-c", ARCHON_SCHEMA_SCRIPT], {
    env: {
      PATH: process.env.PATH,
      ARCHON_MIGRATION_DIR: folder,
      ARCHON_PSQL: `${psql} -h ${dir} -p ${port} -U postgres -d postgres`,
    },
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function records(): string[] {
  return sql("SELECT version || '/' || migration_name FROM archon_migrations ORDER BY 1").split(
    "\n",
  );
}

beforeAll(() => {
  psql = requireTool("psql");
  // PostgreSQL 17 (the Supabase image's major version), on its socket only.
  server = startEmbeddedPostgres({ superuser: "postgres", tcp: false });
  dir = server.dir;
  port = String(server.port);
  expect(sql("SHOW server_version_num").slice(0, 2)).toBe("17");
  migrationDir = writeFixture();
}, 60_000);

afterAll(() => {
  server?.stop();
  if (migrationDir) {
    fs.rmSync(migrationDir, { recursive: true, force: true });
  }
});

beforeEach(() => {
  sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
});

describe("Archon's schema step against PostgreSQL 17", () => {
  it("on an empty database: complete_setup.sql, then only the versions it does not record", () => {
    const run = runSchema(migrationDir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("applying complete_setup.sql");
    // 0.1.0/001 would fail on a second ALTER: complete_setup recorded it, so it was skipped.
    expect(run.stdout).not.toContain("0.1.0/001");
    expect(run.stdout).toContain("applying 0.2.0/001_add_priority.sql");
    expect(records()).toEqual([
      "0.1.0/001_add_display_name",
      "0.1.0/002_add_migration_tracking",
      "0.2.0/001_add_priority",
    ]);
    const content = FIXTURE["0.2.0/001_add_priority.sql"];
    expect(
      sql("SELECT checksum FROM archon_migrations WHERE version = '0.2.0'"),
      "Archon's MD5 of the file content",
    ).toBe(createHash("md5").update(content).digest("hex"));
    expect(sql("SELECT value FROM archon_settings WHERE key = 'from_complete_setup'")).toBe("yes");
  });

  it("a second run changes nothing", () => {
    expect(runSchema(migrationDir).status).toBe(0);
    const before = sql("SELECT id, applied_at FROM archon_migrations ORDER BY id");
    const again = runSchema(migrationDir);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("skipping complete_setup.sql");
    expect(again.stdout).toContain("0 versioned migration(s) applied");
    expect(sql("SELECT id, applied_at FROM archon_migrations ORDER BY id")).toBe(before);
  });

  it("on an existing database never runs complete_setup.sql; applies the pending files in order", () => {
    // An install older than the tracking table, with data of its own.
    sql(
      "CREATE TABLE archon_settings (key TEXT PRIMARY KEY, value TEXT);" +
        "CREATE TABLE archon_sources (id SERIAL PRIMARY KEY, url TEXT);" +
        "INSERT INTO archon_settings VALUES ('OPENAI_API_KEY', 'encrypted-value');",
    );
    const run = runSchema(migrationDir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("2 Archon tables present, skipping complete_setup.sql");
    const order = [...run.stdout.matchAll(/applying (\S+)/g)].map((m) => m[1]);
    expect(order).toEqual([
      "0.1.0/001_add_display_name.sql",
      "0.1.0/002_add_migration_tracking.sql",
      "0.2.0/001_add_priority.sql",
    ]);
    expect(sql("SELECT count(*) FROM archon_settings WHERE key = 'from_complete_setup'")).toBe("0");
    expect(sql("SELECT value FROM archon_settings WHERE key = 'OPENAI_API_KEY'")).toBe(
      "encrypted-value",
    );
    expect(
      sql(
        "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'archon_sources'",
      ),
    ).toBe("display_name,id,priority,url");
    expect(records()).toEqual([
      "0.1.0/001_add_display_name",
      "0.1.0/002_add_migration_tracking",
      "0.2.0/001_add_priority",
    ]);
  });

  it("stops at a failing file, naming it and the SQL error, and leaves it unapplied and unrecorded", () => {
    const broken = writeFixture({
      "0.2.0/002_broken.sql":
        "CREATE TABLE archon_half_done (id INT);\nALTER TABLE archon_nope ADD COLUMN x INT;\n",
      "0.3.0/001_after.sql": "CREATE TABLE archon_after (id INT);\n",
    });
    try {
      const run = runSchema(broken);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("archon schema: 0.2.0/002_broken.sql failed");
      expect(run.stderr).toContain('relation "archon_nope" does not exist');
      expect(run.stderr).toMatch(/<stdin>:2: ERROR/);
      expect(records()).not.toContain("0.2.0/002_broken");
      expect(sql("SELECT to_regclass('public.archon_half_done') IS NULL")).toBe("t");
      expect(sql("SELECT to_regclass('public.archon_after') IS NULL"), "nothing after it").toBe(
        "t",
      );
      // What came before stays applied and recorded.
      expect(records()).toContain("0.2.0/001_add_priority");
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it("refuses a folder that is not Archon's, before touching the database", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "not-archon-"));
    try {
      const run = runSchema(empty);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`${empty}/complete_setup.sql is missing`);
      expect(sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).toBe("0");
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
