import { ArchonMemoryLimits, DEFAULT_ARCHON_MEMORY_MB } from "../../components/archon/archonApp";
import { DEFAULT_POSTGRES_SETTINGS } from "../../components/database/postgresCommand";
import { pgtuneWeb } from "../../components/database/pgtune";
import {
  DEFAULT_SUPABASE_MEMORY_MB,
  SupabaseMemoryLimits,
} from "../../components/database/supabaseStack";
import { ConfigReader } from "../config/configReader";

export const DEFAULT_HOST_MEMORY_GB = 8;
const MEMORY_SIZE = /^(\d+)(kB|MB|GB)$/;
const MB_PER_UNIT: Record<string, number> = { kB: 1 / 1024, MB: 1, GB: 1024 };

/** What the host's memory pays for: Postgres settings and each container's limit. */
export interface HostResources {
  readonly memoryGb: number;
  readonly postgresSettings: Readonly<Record<string, string>>;
  readonly supabaseMemoryMb: SupabaseMemoryLimits;
  readonly archonMemoryMb: ArchonMemoryLimits;
  /** Containers outside Supabase and Archon (edge proxy, backups), by config key. */
  readonly otherMemoryMb: Readonly<Record<string, number>>;
}

function memorySetting(reader: ConfigReader, key: string, derived: string): string {
  const value = reader.string("postgres", key, derived);
  if (!MEMORY_SIZE.test(value)) {
    reader.fail(`postgres:${key}`, value, "a size such as 512MB, 2GB or 1310kB");
  }
  return value;
}

function megabytes(size: string): number {
  const match = MEMORY_SIZE.exec(size);
  return match ? Number(match[1]) * MB_PER_UNIT[match[2]] : 0;
}

/** Room left to the OS, Docker and the page cache outside any container. */
export function osReserveMb(hostMb: number): number {
  return Math.max(512, Math.floor(hostMb / 8));
}

/** The memory budget the limits were sized on: seed 003's recommended 8 GB host, less its reserve. */
const REFERENCE_BUDGET_MB = 8192 - osReserveMb(8192);
const MIN_LIMIT_MB = 64;
/** Below this Postgres is not worth starting; the remainder rule must leave at least this. */
const MIN_POSTGRES_MB = 256;
/**
 * Limits that do not shrink with the host: the UI is Vite's dev server in v1, measured at 543 to
 * 906 MiB (issue 11); less is an OOM kill, whatever the host.
 */
const FIXED: ReadonlySet<string> = new Set(["ui"]);

/**
 * A default limit for this host: the 8 GB value, scaled down in proportion on smaller hosts
 * (never up), to whole 16 MiB and at least 64 MiB.
 */
function scaledDefault(service: string, reference: number, budgetMb: number): number {
  if (FIXED.has(service)) {
    return reference;
  }
  const scale = Math.min(1, budgetMb / REFERENCE_BUDGET_MB);
  return Math.max(MIN_LIMIT_MB, Math.floor((reference * scale) / 16) * 16);
}

/**
 * Reads `host:memoryGb` and derives from it every default memory limit (`limits:<service>Mb`,
 * each overridable) so that they sum to at most the host less a reserve for the OS and Docker
 * ({@link osReserveMb}). Postgres gets what the other running containers leave, and is tuned
 * (pgtune's web profile, each setting overridable under `postgres:*`) for that memory, since
 * its container is all the machine it has.
 */
export function loadHostResources(
  reader: ConfigReader,
  agentsEnabled: boolean,
  otherDefaults: Readonly<Record<string, number>>,
): HostResources {
  const memoryGb = reader.integer("host", "memoryGb", DEFAULT_HOST_MEMORY_GB, 1, 4096);
  const hostMb = memoryGb * 1024;
  const budgetMb = hostMb - osReserveMb(hostMb);

  const limit = (service: string, reference: number) =>
    reader.integer(
      "limits",
      `${service}Mb`,
      scaledDefault(service, reference, budgetMb),
      32,
      1024 * 1024,
    );
  const archonMemoryMb: ArchonMemoryLimits = {
    server: limit("server", DEFAULT_ARCHON_MEMORY_MB.server),
    mcp: limit("mcp", DEFAULT_ARCHON_MEMORY_MB.mcp),
    ui: limit("ui", DEFAULT_ARCHON_MEMORY_MB.ui),
    agents: limit("agents", DEFAULT_ARCHON_MEMORY_MB.agents),
  };
  const supabaseOthers = {
    rest: limit("rest", DEFAULT_SUPABASE_MEMORY_MB.rest),
    kong: limit("kong", DEFAULT_SUPABASE_MEMORY_MB.kong),
    meta: limit("meta", DEFAULT_SUPABASE_MEMORY_MB.meta),
    studio: limit("studio", DEFAULT_SUPABASE_MEMORY_MB.studio),
  };
  const otherMemoryMb = Object.fromEntries(
    Object.entries(otherDefaults).map(([service, fallback]) => [service, limit(service, fallback)]),
  );

  const others: Record<string, number> = {
    ...supabaseOthers,
    ...archonMemoryMb,
    ...otherMemoryMb,
  };
  if (!agentsEnabled) {
    delete others.agents;
  }
  const othersTotal = Object.values(others).reduce((a, b) => a + b, 0);
  const remainder = Math.floor((budgetMb - othersTotal) / 64) * 64;
  const postgresMb = reader.integer(
    "limits",
    "postgresMb",
    Math.max(remainder, MIN_POSTGRES_MB),
    32,
    1024 * 1024,
  );
  const supabaseMemoryMb: SupabaseMemoryLimits = { postgres: postgresMb, ...supabaseOthers };

  const running: Record<string, number> = { postgres: postgresMb, ...others };
  const total = othersTotal + postgresMb;
  if (total > budgetMb) {
    reader.fail(
      "limits",
      `${total} MiB in all (${Object.entries(running)
        .map(([service, mb]) => `${service} ${mb}`)
        .join(", ")})`,
      `at most ${budgetMb} MiB: host:memoryGb = ${memoryGb} GiB (${hostMb} MiB) less ` +
        `${osReserveMb(hostMb)} MiB for the OS and Docker; lower limits:<service>Mb or raise host:memoryGb`,
    );
  }

  const tuned = pgtuneWeb(postgresMb / 1024);
  const postgresSettings = {
    ...DEFAULT_POSTGRES_SETTINGS,
    max_connections: String(
      reader.integer("postgres", "maxConnections", Number(tuned.max_connections), 10, 10000),
    ),
    shared_buffers: memorySetting(reader, "sharedBuffers", tuned.shared_buffers),
    effective_cache_size: memorySetting(reader, "effectiveCacheSize", tuned.effective_cache_size),
    maintenance_work_mem: memorySetting(reader, "maintenanceWorkMem", tuned.maintenance_work_mem),
    work_mem: memorySetting(reader, "workMem", tuned.work_mem),
  };
  if (supabaseMemoryMb.postgres <= megabytes(postgresSettings.shared_buffers)) {
    reader.fail(
      "limits:postgresMb",
      supabaseMemoryMb.postgres,
      `more than shared_buffers (${postgresSettings.shared_buffers}), or Postgres is killed under load`,
    );
  }
  return { memoryGb, postgresSettings, supabaseMemoryMb, archonMemoryMb, otherMemoryMb };
}
