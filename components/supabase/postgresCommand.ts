/** Seed 000's server flags; the tuning issue derives the memory ones from the host. */
export const DEFAULT_POSTGRES_SETTINGS: Readonly<Record<string, string>> = {
  shared_preload_libraries:
    "pg_stat_statements,pgaudit,plpgsql,plpgsql_check,pg_cron,pg_net,pgjwt,pgsodium,pgcrypto,uuid-ossp",
  "pgaudit.log": "ddl,role",
  log_statement: "mod",
  max_connections: "200",
  shared_buffers: "256MB",
};

/**
 * The container command: Supabase's own config file first (the image's default command loads
 * it too), then each setting as a `-c` flag, which wins over the file.
 */
export function postgresCommand(settings: Readonly<Record<string, string>>): string[] {
  const flags = Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
  return ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf", ...flags];
}
