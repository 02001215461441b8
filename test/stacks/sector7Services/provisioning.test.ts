import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  renderBackupScript,
  renderRestoreScript,
} from "../../../components/backups/docker/backupScripts";
import {
  renderProvisioningSql,
  scramSha256Verifier,
  ServiceDatabaseSpec,
  verifierEnvName,
} from "../../../components/database/kubernetes/provisioningSql";
import { LocalPostgres, startLocalPostgres } from "../../support/localPostgres";

// The per-service databases of sector7, provisioned by a role that, like Supabase's `postgres`,
// may create roles and databases but is no superuser.
const SPECS: ServiceDatabaseSpec[] = [
  { service: "n8n", database: "n8n", role: "n8n" },
  { service: "nocodb", database: "nocodb", role: "nocodb" },
];
const ADMIN = "admin";

let pg: LocalPostgres;
let sqlFile: string;

function provision(passwords: Record<string, string>): string {
  const env = Object.fromEntries(
    SPECS.map((s) => [verifierEnvName(s), scramSha256Verifier(passwords[s.role], s.role)]),
  );
  return pg.run("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-f", sqlFile], { ...env, PGUSER: ADMIN });
}

/** Runs a query as `user` with `password` over password authentication. */
function asUser(user: string, password: string, database: string, query: string): string {
  return pg
    .run("psql", ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", query], {
      PGUSER: user,
      PGPASSWORD: password,
    })
    .trim();
}

beforeAll(() => {
  pg = startLocalPostgres();
  pg.sql(`CREATE ROLE ${ADMIN} LOGIN CREATEROLE CREATEDB`);
  sqlFile = path.join(pg.dir, "provision.sql");
  fs.writeFileSync(sqlFile, renderProvisioningSql(SPECS), { mode: 0o644 });
  // The service roles log in with their passwords (SCRAM); everyone else as before.
  const hba = path.join(pg.dir, "data", "pg_hba.conf");
  fs.writeFileSync(hba, `local all n8n,nocodb scram-sha-256\n${fs.readFileSync(hba, "utf8")}`);
  pg.sql("SELECT pg_reload_conf()");
}, 60_000);

afterAll(() => {
  pg?.stop();
});

describe("per-service databases on a real PostgreSQL", () => {
  it("creates each role and database, owned by the role, closed to PUBLIC", () => {
    provision({ n8n: "first-n8n-password", nocodb: "first-nocodb-password" });
    for (const { role, database } of SPECS) {
      expect(
        pg.sql(`SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${database}'`),
      ).toBe(role);
      expect(pg.sql(`SELECT has_database_privilege('public', '${database}', 'CONNECT')`)).toBe("f");
      expect(pg.sql(`SELECT pg_has_role('${ADMIN}', '${role}', 'USAGE')`)).toBe("t");
    }
  });

  it("lets each service log in to its own database with its password, and to no other", () => {
    expect(asUser("n8n", "first-n8n-password", "n8n", "SELECT current_user")).toBe("n8n");
    expect(() => asUser("n8n", "first-n8n-password", "nocodb", "SELECT 1")).toThrow(
      /permission denied/,
    );
    expect(() => asUser("n8n", "wrong-password", "n8n", "SELECT 1")).toThrow(
      /password authentication failed/,
    );
  });

  it("runs again without error and sets rotated passwords", () => {
    asUser("n8n", "first-n8n-password", "n8n", "CREATE TABLE workflows (id int PRIMARY KEY)");
    provision({ n8n: "second-n8n-password", nocodb: "first-nocodb-password" });
    provision({ n8n: "second-n8n-password", nocodb: "first-nocodb-password" });
    expect(asUser("n8n", "second-n8n-password", "n8n", "SELECT count(*) FROM workflows")).toBe("0");
    expect(() => asUser("n8n", "first-n8n-password", "n8n", "SELECT 1")).toThrow(
      /password authentication failed/,
    );
    expect(asUser("nocodb", "first-nocodb-password", "nocodb", "SELECT current_user")).toBe(
      "nocodb",
    );
  });

  it("dumps a service database as the admin and restores it owned by the service's role", () => {
    const pw = "second-n8n-password";
    asUser("n8n", pw, "n8n", "INSERT INTO workflows SELECT generate_series(1, 42)");
    const backupDir = path.join(pg.dir, "backups");
    fs.mkdirSync(backupDir);
    fs.chmodSync(backupDir, 0o777);
    const backup = path.join(pg.dir, "pg-backup");
    const restore = path.join(pg.dir, "pg-restore");
    fs.writeFileSync(backup, renderBackupScript(), { mode: 0o755 });
    fs.writeFileSync(restore, renderRestoreScript(), { mode: 0o755 });
    const env = { PGUSER: ADMIN, BACKUP_DIR: backupDir };

    pg.run("sh", [backup, "n8n", "3"], env);
    asUser("n8n", pw, "n8n", "DROP TABLE workflows");
    // What the restore CronJob sets for a service database: create objects as the owner role.
    pg.run("sh", [restore, "n8n"], { ...env, PGOPTIONS: "-c role=n8n" });

    expect(asUser("n8n", pw, "n8n", "SELECT count(*) FROM workflows")).toBe("42");
    const owner = "SELECT tableowner FROM pg_tables WHERE tablename = 'workflows'";
    expect(pg.run("psql", ["-X", "-A", "-t", "-d", "n8n", "-c", owner]).trim()).toBe("n8n");
  });
});

describe("the SCRAM verifier", () => {
  it("is stable for a password and role, and differs across roles", () => {
    expect(scramSha256Verifier("pw", "n8n")).toBe(scramSha256Verifier("pw", "n8n"));
    expect(scramSha256Verifier("pw", "n8n")).not.toBe(scramSha256Verifier("pw", "nocodb"));
    expect(scramSha256Verifier("pw", "n8n")).toMatch(/^SCRAM-SHA-256\$4096:[^$]+\$[^:]+:.+$/);
  });

  it("refuses identifiers that would need quoting", () => {
    expect(() => renderProvisioningSql([{ service: "x", database: "x; DROP", role: "x" }])).toThrow(
      /not a lower-case SQL identifier/,
    );
    expect(() =>
      renderProvisioningSql([{ service: "x", database: "postgres", role: "x" }]),
    ).toThrow(/reserved/);
  });
});
