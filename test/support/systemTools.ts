import * as fs from "fs";
import * as path from "path";

/**
 * The Debian packages the tool-backed tests run (README.md names the same line, `.ci/run`
 * installs it). PostgreSQL 17 comes from npm; Debian's PostgreSQL 15 is the server the backup
 * round trip restores into and the home of pg_dump, pg_restore, psql and pg_isready. python3
 * stands in for the Archon server's interpreter in the settings check; git reads Archon's source;
 * Graphviz renders the stack pictures in docs/graphs.
 */
export const DEBIAN_PACKAGES = ["nginx-light", "postgresql", "python3", "git", "graphviz"] as const;

export const INSTALL_COMMAND = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES.join(" ")}`;

/** Every binary a tool-backed test runs, checked once before any test starts. */
export const SYSTEM_TOOLS = [
  "nginx",
  "openssl",
  "psql",
  "pg_dump",
  "pg_restore",
  "pg_isready",
  "initdb",
  "pg_ctl",
  "postgres",
  "python3",
  "git",
  "dot",
] as const;

/** Debian's versioned PostgreSQL directories, newest first. */
function postgresBinDirs(): string[] {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(root, version, "bin"));
}

/**
 * PATH with Debian's newest PostgreSQL directory first. Debian's `psql`, `pg_dump` and the
 * other clients on PATH are one Perl script (pg_wrapper) that picks a version and runs the
 * binary from that directory: about 45 ms of CPU per call here, for the same binary. The tests
 * and the scripts they run call the clients a few hundred times.
 */
export function pathWithPostgresFirst(pathValue: string = process.env.PATH ?? ""): string {
  const [newest] = postgresBinDirs();
  const rest = pathValue.split(":").filter((dir) => dir !== "" && dir !== newest);
  return newest ? [newest, ...rest].join(":") : rest.join(":");
}

/** The path of `name` on PATH, in sbin or in Debian's versioned PostgreSQL directories. */
export function locateTool(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? "").split(":"),
    "/usr/sbin",
    "/sbin",
    ...postgresBinDirs(),
    ...extraDirs,
  ];
  return dirs
    .filter((dir) => dir !== "")
    .map((dir) => path.join(dir, name))
    .find((candidate) => {
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return fs.statSync(candidate).isFile();
      } catch {
        return false;
      }
    });
}

/** One line naming what is missing and the exact command that installs it, or undefined. */
export function missingToolsMessage(tools: readonly string[] = SYSTEM_TOOLS): string | undefined {
  const missing = tools.filter((tool) => !locateTool(tool));
  if (missing.length === 0) return undefined;
  return `The tool-backed tests need ${missing.join(", ")}, which this machine lacks. Install them with: ${INSTALL_COMMAND}`;
}
