import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  renderProvisioningSql,
  scramSha256Verifier,
  verifierEnvName,
} from "../../../components/database/kubernetes/provisioningSql";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { container, env, outputs } from "../../stacks/archonProd/archonProdFixture";
import { EmbeddedPostgres, startEmbeddedPostgres } from "../../support/embeddedPostgres";
import { findBinary } from "../../support/localPostgres";
import {
  IMAGE_INIT_SCRIPTS,
  IMAGE_MIGRATIONS,
  MIGRATE_SH_BOOTSTRAP,
} from "../../support/supabaseImageLayout";
import * as services from "../../stacks/sector7Services/servicesFixture";
import { plainInputs, synthProjectStack } from "../../support/synthFixture";

// A real PostgreSQL 17 started with exactly the settings archon-prod renders, initialized the
// way the Supabase image initializes (test/support/supabaseImageLayout.ts), running the init
// script the program uploads, then logged into as every client of the stack logs in.

let stack: SynthResult;
let pg: EmbeddedPostgres;
let password: string;

interface Upload {
  file: string;
  content: string;
}

/** The `-c` settings of the rendered Postgres command, without the image's config file. */
function renderedSettings(): Record<string, string> {
  const command = plainInputs(container(stack, "archon-postgres")).command as string[];
  const settings: Record<string, string> = {};
  for (let i = 1; i < command.length; i += 2) {
    expect(command[i]).toBe("-c");
    const [key, value] = command[i + 1].split(/=(.*)/s);
    settings[key] = value;
  }
  // The image's own postgresql.conf is not here; everything else is passed as rendered.
  delete settings.config_file;
  return settings;
}

function runScript(name: string, content: string, user: string, vars: string[] = []): void {
  const file = path.join(pg.dir, name);
  fs.writeFileSync(file, [...vars, content].join("\n"), { mode: 0o644 });
  pg.runFile(file, user, { POSTGRES_PASSWORD: password });
}

beforeAll(async () => {
  stack = await synthProjectStack("archon-prod");
  password = outputs(stack).postgresPassword;
  pg = startEmbeddedPostgres({ superuser: "supabase_admin", settings: renderedSettings() });
  const uploads = plainInputs(container(stack, "archon-postgres")).uploads as Upload[];
  const initScripts = uploads.filter((u) =>
    u.file.startsWith("/docker-entrypoint-initdb.d/init-scripts/"),
  );
  expect(initScripts.length).toBeGreaterThan(0);
  const pgpass = `\\set pgpass \`echo "$POSTGRES_PASSWORD"\``;
  runScript("bootstrap.sql", MIGRATE_SH_BOOTSTRAP, "supabase_admin", [pgpass]);
  runScript("00-image-init.sql", IMAGE_INIT_SCRIPTS, "postgres");
  // migrate.sh runs init-scripts/*.sql in name order, as postgres, after the image's own.
  for (const script of initScripts.sort((a, b) => a.file.localeCompare(b.file))) {
    runScript(path.basename(script.file), script.content, "postgres");
  }
  runScript("migrations.sql", IMAGE_MIGRATIONS, "supabase_admin");
}, 60_000);

afterAll(() => pg?.stop());

describe("Supabase's Postgres as archon-prod runs it (PostgreSQL 17)", () => {
  it("starts with every rendered setting in force", () => {
    for (const [key, value] of Object.entries(renderedSettings())) {
      if (key.includes(".")) continue; // extension settings (pgaudit) are the image's to load
      const shown = pg.sql(
        `SELECT setting || coalesce(unit, '') FROM pg_settings WHERE name = '${key}'`,
      );
      expect(shown, key).not.toBe("");
      expect(pg.sql(`SHOW ${key}`), key).toBe(value);
    }
  });

  it("refuses to start on a preload list naming a library that does not exist (seed 000's pgjwt)", () => {
    expect(() =>
      startEmbeddedPostgres({
        superuser: "supabase_admin",
        settings: { shared_preload_libraries: "pgjwt" },
        tcp: false,
      }),
    ).toThrow(/could not access file "pgjwt"/);
  });

  it("lets PostgREST log in with its connection string and switch to the API roles", () => {
    const uri = new URL(env(stack, "archon-rest").PGRST_DB_URI);
    const user = decodeURIComponent(uri.username);
    const secret = decodeURIComponent(uri.password);
    expect(pg.sqlWithPassword("SELECT current_user", user, secret)).toBe(user);
    const anon = env(stack, "archon-rest").PGRST_DB_ANON_ROLE;
    const last = (out: string) => out.split("\n").pop();
    expect(last(pg.sqlWithPassword(`SET ROLE ${anon}; SELECT current_user`, user, secret))).toBe(
      anon,
    );
    expect(
      last(pg.sqlWithPassword("SET ROLE service_role; SELECT current_user", user, secret)),
    ).toBe("service_role");
    // The anonymous role is not one that bypasses row-level security.
    expect(pg.sql(`SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = '${anon}'`)).toBe(
      "f",
    );
  });

  it("lets postgres-meta (and so Studio) log in as a role that sees every schema", () => {
    const meta = env(stack, "archon-meta");
    const who = pg.sqlWithPassword(
      "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
      meta.PG_META_DB_USER,
      meta.PG_META_DB_PASSWORD,
    );
    expect(who).toBe("t");
  });

  it("dumps as a role that can read auth.schema_migrations, which the demoted postgres cannot", () => {
    const pgpass = (plainInputs(container(stack, "archon-backup")).uploads as Upload[]).find((u) =>
      u.file.endsWith("pgpass"),
    )!.content;
    const [, , , user, secret] = pgpass.trim().split(":");
    expect(pg.sqlWithPassword("SELECT count(*) FROM auth.schema_migrations", user, secret)).toBe(
      "1",
    );
    expect(() => pg.sql("SELECT count(*) FROM auth.schema_migrations", "postgres")).toThrow(
      /permission denied/,
    );
  });

  it("answers the rendered health check only once the real server listens on TCP", () => {
    const tests = plainInputs(container(stack, "archon-postgres")).healthcheck.tests as string[];
    expect(tests[0]).toBe("CMD");
    const [tool, ...args] = tests.slice(1);
    const probe = (port: number) =>
      spawnSync(findBinary(tool), args, { env: { ...process.env, PGPORT: String(port) } }).status;
    expect(probe(pg.port)).toBe(0);
    // The entrypoint's temporary init server listens on the socket only.
    const initServer = startEmbeddedPostgres({ superuser: "supabase_admin", tcp: false });
    try {
      expect(probe(initServer.port)).not.toBe(0);
    } finally {
      initServer.stop();
    }
  });
});

describe("sector7's per-service databases on the image's layout (PostgreSQL 17)", () => {
  it("provisions a database its service logs into, run as the job's user", async () => {
    const sector7 = await services.synthServices();
    // The provisioning Job runs in the server's namespace (another Job pulls Ollama's models).
    const job = sector7.resources.find(
      (r) => r.type === services.TYPES.job && plainInputs(r).metadata.namespace === "supabase",
    )!;
    const user = services.envOf(job).PGUSER;
    const specs = [{ service: "n8n", database: "n8n", role: "n8n" }];
    const servicePassword = "n8n-password-for-this-test";
    const file = path.join(pg.dir, "provision.sql");
    fs.writeFileSync(file, renderProvisioningSql(specs), { mode: 0o644 });
    pg.runFile(file, user, {
      [verifierEnvName(specs[0])]: scramSha256Verifier(servicePassword, "n8n"),
    });
    expect(pg.sqlWithPassword("SELECT current_user", "n8n", servicePassword, "n8n")).toBe("n8n");
    expect(
      pg.sqlWithPassword("CREATE TABLE t (id int); SELECT 'ok'", "n8n", servicePassword, "n8n"),
    ).toMatch(/ok$/);
  });
});

describe("the login roles' passwords follow the stack on an existing database", () => {
  // A database the image initialized earlier with another password: its init scripts will not
  // run again. pg_hba as the image's: TCP from localhost trusted, authenticator checked here.
  const PREVIOUS = "the-password-of-an-earlier-deployment";
  let existing: EmbeddedPostgres;
  let fakeBin: string;
  let rolesFile: string;

  const loginsWith = (pw: string) => {
    try {
      existing.sqlOnSocketWithPassword("SELECT 1", "authenticator", pw);
      return true;
    } catch (error) {
      if (process.env.DEBUG_LOGIN) console.log((error as Error).message);
      return false;
    }
  };

  beforeAll(() => {
    existing = startEmbeddedPostgres({
      superuser: "supabase_admin",
      hbaFirst: ["local all authenticator scram-sha-256", "host all all 127.0.0.1/32 trust"],
    });
    const uploads = plainInputs(container(stack, "archon-postgres")).uploads as Upload[];
    const roles = uploads.find((u) => u.file.endsWith("99-roles.sql"))!;
    rolesFile = path.join(existing.dir, "99-roles.sql");
    fs.writeFileSync(rolesFile, roles.content, { mode: 0o644 });
    const run = (name: string, sql: string, user: string) => {
      const file = path.join(existing.dir, name);
      fs.writeFileSync(file, `\\set pgpass '${PREVIOUS}'\n${sql}`, { mode: 0o644 });
      existing.runFile(file, user);
    };
    run("bootstrap.sql", MIGRATE_SH_BOOTSTRAP, "supabase_admin");
    run("init.sql", IMAGE_INIT_SCRIPTS, "postgres");
    existing.runFile(rolesFile, "postgres", { POSTGRES_PASSWORD: PREVIOUS });
    run("migrations.sql", IMAGE_MIGRATIONS, "supabase_admin");
    // `docker exec <container> <cmd>` and the in-container psql, both pointed at this server and
    // at the local copy of the uploaded script; the container's env gives the new password.
    fakeBin = fs.mkdtempSync(path.join(existing.dir, "bin-"));
    const psql = findBinary("psql");
    fs.writeFileSync(
      path.join(fakeBin, "psql"),
      `#!/bin/bash\nargs=()\nfor a in "$@"; do [ "$a" = /docker-entrypoint-initdb.d/init-scripts/99-roles.sql ] && a=${rolesFile}; args+=("$a"); done\nexec ${psql} "\${args[@]}"\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(
      path.join(fakeBin, "docker"),
      `#!/bin/bash\n[ "$1" = exec ] || exit 2\nshift 2\nexec "$@"\n`,
      { mode: 0o755 },
    );
    fs.symlinkSync(findBinary("pg_isready"), path.join(fakeBin, "pg_isready"));
    expect(loginsWith(PREVIOUS)).toBe(true);
  });

  afterAll(() => existing?.stop());

  const containerEnv = () => ({
    ...process.env,
    PATH: `${fakeBin}:${process.env.PATH}`,
    PGPORT: String(existing.port),
    POSTGRES_PASSWORD: password,
  });

  it("docker: the step that runs after every Postgres container change sets the stack's password", () => {
    const step = stack.resources.find((r) => r.name === "archon-supabase-role-passwords")!;
    expect(step.dependencies).toContain(container(stack, "archon-postgres").urn);
    expect(container(stack, "archon-rest").dependencies).toContain(step.urn);
    const create = plainInputs(step).create as string;
    const run = spawnSync("bash", ["-c", create], { env: containerEnv(), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(loginsWith(password)).toBe(true);
    expect(loginsWith(PREVIOUS)).toBe(false);
  });

  it("kubernetes: the postStart hook waits for the TCP server, then sets the Secret's password", async () => {
    existing.runFile(rolesFile, "supabase_admin", { POSTGRES_PASSWORD: PREVIOUS });
    expect(loginsWith(PREVIOUS)).toBe(true);
    const sector7 = await services.synthServices();
    const sts = services.k8s(sector7, services.TYPES.statefulSet, "supabase-db", "supabase");
    const hook = services.containerOf(sts).lifecycle.postStart.exec.command as string[];
    const run = spawnSync(hook[0], hook.slice(1), { env: containerEnv(), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(loginsWith(password)).toBe(true);
    expect(loginsWith(PREVIOUS)).toBe(false);
  });
});
