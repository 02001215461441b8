import { execFileSync, ExecFileSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { asPostgresOwner, initializeDataDir } from "./initdbTemplate";
import { requireTool } from "./requireTool";

/** A throwaway PostgreSQL server on a Unix socket in a temporary directory. */
export interface LocalPostgres {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs a command as the server's owner with libpq pointed at the server. */
  run(command: string, args: readonly string[], extraEnv?: NodeJS.ProcessEnv): string;
  /** psql as the bootstrap superuser, or as `user`. */
  sql(query: string, user?: string): string;
  stop(): void;
}

/** PostgreSQL binaries: on PATH, or in Debian's versioned directory (not on PATH there). */
export function findBinary(name: string): string {
  return requireTool(name);
}

/**
 * `superuser` is the role initdb bootstraps (default `postgres`; the Supabase image's is
 * `supabase_admin`); `sql()` runs as it.
 */
export function startLocalPostgres(superuser = "postgres"): LocalPostgres {
  // The clients the tests and the rendered scripts call by name, checked before anything starts.
  const psql = findBinary("psql");
  ["pg_dump", "pg_restore"].forEach(findBinary);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pg-"));
  if (process.getuid?.() === 0) {
    execFileSync("chown", ["postgres:postgres", dir]);
  }
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const env = {
    ...process.env,
    PGHOST: dir,
    PGPORT: port,
    PGUSER: superuser,
    PGDATABASE: "postgres",
  };
  const options: ExecFileSyncOptions = { env, cwd: dir, stdio: "pipe", encoding: "utf8" };
  const exec = (command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const [cmd, argv] = asPostgresOwner(command, args);
    return execFileSync(cmd, argv, { ...options, env: { ...env, ...extraEnv } }).toString();
  };
  initializeDataDir(
    findBinary("initdb"),
    ["-U", superuser, "-A", "trust", "--no-sync"],
    path.join(dir, "data"),
  );
  exec(findBinary("pg_ctl"), [
    "-D",
    path.join(dir, "data"),
    "-o",
    `-k ${dir} -p ${port} -c listen_addresses=''`,
    "-w",
    "-l",
    path.join(dir, "server.log"),
    "start",
  ]);
  return {
    dir,
    env,
    run: exec,
    sql: (query, user = superuser) =>
      exec(psql, ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", user, "-c", query]).trim(),
    stop: () => {
      try {
        exec(findBinary("pg_ctl"), ["-D", path.join(dir, "data"), "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
