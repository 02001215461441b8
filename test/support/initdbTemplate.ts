import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Postgres refuses to run as root; as root the server and its tools run as `postgres`. */
export function asPostgresOwner(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ["runuser", ["-u", "postgres", "--", command, ...args]]
    : [command, [...args]];
}

/**
 * Fills `dataDir` with a cluster exactly as `initdb -D dataDir ...initdbArgs` would. The first
 * call for a given initdb binary and arguments runs initdb into a template under the system's
 * temporary directory (shared by the test workers, kept between runs); every call copies it,
 * which costs a tenth of initdb's CPU. Every server still starts from a cluster of its own.
 */
export function initializeDataDir(
  initdb: string,
  initdbArgs: readonly string[],
  dataDir: string,
): void {
  // -a keeps the owner (postgres) and the 0700 mode the server insists on.
  execFileSync("cp", ["-a", templateFor(initdb, initdbArgs), dataDir]);
}

function templateFor(initdb: string, initdbArgs: readonly string[]): string {
  const binary = fs.statSync(initdb);
  const key = createHash("sha256")
    .update(JSON.stringify([initdb, binary.size, binary.mtimeMs, initdbArgs]))
    .digest("hex")
    .slice(0, 16);
  const template = path.join(os.tmpdir(), `initdb-template-${key}`);
  if (fs.existsSync(path.join(template, "PG_VERSION"))) {
    return template;
  }
  // Built beside it and renamed into place: a worker never copies a half-written template.
  const building = fs.mkdtempSync(path.join(os.tmpdir(), "initdb-building-"));
  try {
    if (process.getuid?.() === 0) {
      execFileSync("chown", ["postgres:postgres", building]);
    }
    const data = path.join(building, "data");
    const [command, args] = asPostgresOwner(initdb, ["-D", data, ...initdbArgs]);
    execFileSync(command, args, { cwd: building, stdio: "pipe" });
    try {
      fs.renameSync(data, template);
    } catch (error) {
      // Another worker put its template there first: use that one.
      if (!fs.existsSync(path.join(template, "PG_VERSION"))) {
        throw error;
      }
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return template;
}
