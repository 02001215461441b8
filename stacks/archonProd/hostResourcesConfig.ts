import { ArchonMemoryLimits, DEFAULT_ARCHON_MEMORY_MB } from "../../components/archon/archonApp";
import { DEFAULT_POSTGRES_SETTINGS } from "../../components/supabase/postgresCommand";
import { pgtuneWeb } from "../../components/supabase/pgtune";
import {
  DEFAULT_SUPABASE_MEMORY_MB,
  SupabaseMemoryLimits,
} from "../../components/supabase/supabaseStack";
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

/**
 * Reads `host:memoryGb`, the pgtune-derived Postgres settings (each overridable under
 * `postgres:*`) and the per-container memory limits (`limits:<service>Mb`), and checks that the
 * limits of the containers that will run fit the host.
 */
export function loadHostResources(
  reader: ConfigReader,
  agentsEnabled: boolean,
  otherDefaults: Readonly<Record<string, number>>,
): HostResources {
  const memoryGb = reader.integer("host", "memoryGb", DEFAULT_HOST_MEMORY_GB, 1, 4096);
  const tuned = pgtuneWeb(memoryGb);
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

  const limit = (service: string, fallback: number) =>
    reader.integer("limits", `${service}Mb`, fallback, 32, 1024 * 1024);
  const supabaseMemoryMb: SupabaseMemoryLimits = {
    postgres: limit("postgres", DEFAULT_SUPABASE_MEMORY_MB.postgres),
    rest: limit("rest", DEFAULT_SUPABASE_MEMORY_MB.rest),
    kong: limit("kong", DEFAULT_SUPABASE_MEMORY_MB.kong),
    meta: limit("meta", DEFAULT_SUPABASE_MEMORY_MB.meta),
    studio: limit("studio", DEFAULT_SUPABASE_MEMORY_MB.studio),
  };
  const archonMemoryMb: ArchonMemoryLimits = {
    server: limit("server", DEFAULT_ARCHON_MEMORY_MB.server),
    mcp: limit("mcp", DEFAULT_ARCHON_MEMORY_MB.mcp),
    ui: limit("ui", DEFAULT_ARCHON_MEMORY_MB.ui),
    agents: limit("agents", DEFAULT_ARCHON_MEMORY_MB.agents),
  };
  const otherMemoryMb = Object.fromEntries(
    Object.entries(otherDefaults).map(([service, fallback]) => [service, limit(service, fallback)]),
  );

  const running: Record<string, number> = {
    ...supabaseMemoryMb,
    ...archonMemoryMb,
    ...otherMemoryMb,
  };
  if (!agentsEnabled) {
    delete running.agents;
  }
  const total = Object.values(running).reduce((a, b) => a + b, 0);
  if (total > memoryGb * 1024) {
    reader.fail(
      "limits",
      `${total} MiB in all (${Object.entries(running)
        .map(([service, mb]) => `${service} ${mb}`)
        .join(", ")})`,
      `at most host:memoryGb = ${memoryGb} GiB (${memoryGb * 1024} MiB); lower limits:<service>Mb or raise host:memoryGb`,
    );
  }
  if (supabaseMemoryMb.postgres <= megabytes(postgresSettings.shared_buffers)) {
    reader.fail(
      "limits:postgresMb",
      supabaseMemoryMb.postgres,
      `more than shared_buffers (${postgresSettings.shared_buffers}), or Postgres is killed under load`,
    );
  }
  return { memoryGb, postgresSettings, supabaseMemoryMb, archonMemoryMb, otherMemoryMb };
}
