import { CONFIG_FILE } from "./postgresImageContract";

/**
 * Only what we tune: connections, logging and (through the stacks) memory. The preloaded
 * libraries are deliberately absent: the image's own postgresql.conf preloads the set it ships
 * (pg_stat_statements, pgaudit, pg_cron, pg_net, pgsodium, ...), and a list here would replace
 * it and drift from the image (seed 000's list named `pgjwt`, which has no shared library, and
 * Postgres refuses to start on it).
 */
export const DEFAULT_POSTGRES_SETTINGS: Readonly<Record<string, string>> = {
  "pgaudit.log": "ddl,role",
  log_statement: "mod",
  max_connections: "200",
  shared_buffers: "256MB",
};

/** Settings that replace what the image configures for itself; never passed on. */
export const IMAGE_OWNED_SETTINGS: readonly string[] = [
  "shared_preload_libraries",
  "session_preload_libraries",
  "config_file",
  "hba_file",
  "data_directory",
];

/**
 * The container command: the image's config file first (its default command loads it too), then
 * each setting as a `-c` flag, which wins over the file. A setting the image owns is refused.
 */
export function postgresCommand(settings: Readonly<Record<string, string>>): string[] {
  const owned = Object.keys(settings).filter((key) => IMAGE_OWNED_SETTINGS.includes(key));
  if (owned.length > 0) {
    throw new Error(
      `Postgres settings ${owned.join(", ")} belong to the Supabase image's own configuration; ` +
        "setting them would replace what the image preloads and reads",
    );
  }
  const flags = Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
  return ["postgres", "-c", `config_file=${CONFIG_FILE}`, ...flags];
}
