import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresTuning, pgtuneWeb } from "../../../components/database/pgtune";
import { findBinary } from "../../support/localPostgres";

// What the real server makes of pgtune's settings: `postgres -C <name> -c <name>=<value>` parses
// the value as the container's `-c` flags are parsed and prints it in the setting's base unit.

const GB_IN_KB = 1024 * 1024;
/** The base unit `postgres -C` prints each memory setting in, in kB (8 kB pages for two). */
const UNIT_KB = {
  shared_buffers: 8,
  effective_cache_size: 8,
  maintenance_work_mem: 1,
  work_mem: 1,
} as const;

let dir: string;
let postgres: string;

function serverValue(name: keyof PostgresTuning, value: string): number {
  // Postgres refuses to run as root: as root, run it as the postgres user.
  const [cmd, prefix]: [string, string[]] =
    process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", postgres]] : [postgres, []];
  const out = execFileSync(cmd, [...prefix, "-D", dir, "-C", name, "-c", `${name}=${value}`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return Number(out.trim());
}

beforeAll(() => {
  postgres = findBinary("postgres");
  // -C reads only the data directory's postgresql.conf; no cluster is needed.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgtune-"));
  fs.writeFileSync(path.join(dir, "postgresql.conf"), "");
  if (process.getuid?.() === 0) {
    execFileSync("chown", ["-R", "postgres:postgres", dir]);
  }
});

afterAll(() => {
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("pgtune's settings as the real PostgreSQL reads them", () => {
  it.each([1, 2, 4, 8, 16, 32])("a %i GB host", (gb) => {
    const ram = gb * GB_IN_KB;
    const tuning = pgtuneWeb(gb);
    const kb = (name: keyof typeof UNIT_KB) => serverValue(name, tuning[name]) * UNIT_KB[name];
    expect(serverValue("max_connections", tuning.max_connections)).toBe(200);
    expect(kb("shared_buffers")).toBe(ram / 4);
    expect(kb("effective_cache_size")).toBe((ram * 3) / 4);
    expect(kb("maintenance_work_mem")).toBe(Math.min(ram / 16, 2 * GB_IN_KB));
    // pgtune: (RAM - shared_buffers) / (max_connections * 3), at most rounded down to a whole MB.
    const exact = (ram - ram / 4) / 600;
    expect(kb("work_mem")).toBeLessThanOrEqual(exact);
    expect(kb("work_mem")).toBeGreaterThan(exact - 1024);
  });
});
