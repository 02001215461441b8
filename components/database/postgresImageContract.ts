/**
 * What Supabase's Postgres image (supabase/postgres) expects of whoever runs it, in one place so
 * the Docker and Kubernetes targets cannot drift apart. Evidence for every value is in
 * docs/contracts/supabase.md ("postgres").
 */

/**
 * The superuser the image initializes the cluster as (its Dockerfile sets `POSTGRES_USER`; its
 * `migrate.sh` logs in as it). The image demotes `postgres` to a non-superuser during init, so
 * anything that must read every schema (backups, provisioning, postgres-meta) logs in as this.
 */
export const SUPABASE_SUPERUSER = "supabase_admin";

/** The role PostgREST logs in as; it switches to `anon`, `authenticated` or `service_role`. */
export const POSTGREST_LOGIN_ROLE = "authenticator";

/** The database the image creates and its init scripts run in. */
export const SUPABASE_DATABASE = "postgres";

/**
 * Login roles whose password is the stack's Postgres password: the ones upstream's self-hosting
 * sets from `POSTGRES_PASSWORD` in an init script (docker/volumes/db/roles.sql), and `postgres`,
 * whose password the image's migrate.sh sets once, so that a rotation reaches it too.
 */
export const PASSWORD_LOGIN_ROLES = [
  "postgres",
  SUPABASE_SUPERUSER,
  POSTGREST_LOGIN_ROLE,
  "pgbouncer",
  "supabase_auth_admin",
  "supabase_storage_admin",
] as const;

/**
 * Where the image's `migrate.sh` picks up extra init scripts: every `*.sql` here runs once, on
 * an empty data directory, as `postgres` while it is still a superuser.
 */
export const INIT_SCRIPTS_DIR = "/docker-entrypoint-initdb.d/init-scripts";

/** The init script that sets the login roles' passwords (after the image's own scripts). */
export const ROLES_INIT_SCRIPT = `${INIT_SCRIPTS_DIR}/99-roles.sql`;

/**
 * Holds the pgsodium/Vault root key (`pgsodium_root.key`, created on first start by the image's
 * getkey script) next to the image's own config includes. Losing it makes Vault secrets
 * unreadable, so it is kept on a volume like the data.
 */
export const CONFIG_DIR = "/etc/postgresql-custom";

/** The image's data directory (`PGDATA`). */
export const DATA_DIR = "/var/lib/postgresql/data";

/** The image's own configuration file, which preloads the libraries the image ships. */
export const CONFIG_FILE = "/etc/postgresql/postgresql.conf";

/** The socket directory the image's config sets and its init connects through. */
export const SOCKET_DIR = "/var/run/postgresql";

/**
 * The image's own health check: `-h localhost` asks over TCP, which the entrypoint's temporary
 * socket-only server started during init does not answer, so "ready" means the real server.
 */
export const POSTGRES_READY_COMMAND = ["pg_isready", "-U", "postgres", "-h", "localhost"];

/**
 * The init script for {@link ROLES_INIT_SCRIPT}: sets every login role's password to the
 * container's `POSTGRES_PASSWORD`, read by psql from the environment so the file holds no secret.
 */
export function renderRolesInitSql(): string {
  const alters = PASSWORD_LOGIN_ROLES.map((role) => `ALTER ROLE ${role} WITH PASSWORD :'pgpass';`);
  return [
    "-- Rendered by Pulumi (SupabaseStack): login roles get the stack's Postgres password.",
    "-- Runs once, on an empty data directory, from the image's migrate.sh.",
    '\\set pgpass `echo "$POSTGRES_PASSWORD"`',
    ...alters,
    "",
  ].join("\n");
}

/**
 * Runs {@link ROLES_INIT_SCRIPT} again inside the Postgres container, as the superuser over TCP
 * from localhost (which the image's pg_hba.conf trusts), so no password is needed to set one.
 */
export function renderRolePasswordsCommand(): string {
  return `psql -X -q -v ON_ERROR_STOP=1 -h localhost -U ${SUPABASE_SUPERUSER} -d ${SUPABASE_DATABASE} -f ${ROLES_INIT_SCRIPT}`;
}

/**
 * For a Kubernetes postStart hook: wait until the real server listens on TCP (not the socket-only
 * server of first-boot init), then {@link renderRolePasswordsCommand}. A failure fails the hook,
 * which the kubelet reports as the container's event.
 */
export function renderRolePasswordsOnStart(waitSeconds = 600): string {
  const ready = POSTGRES_READY_COMMAND.join(" ");
  return [
    `i=0; until ${ready} -q; do`,
    `i=$((i + 1)); [ "$i" -ge ${waitSeconds} ] && { echo "Postgres not ready after ${waitSeconds}s" >&2; exit 1; };`,
    "sleep 1; done;",
    `exec ${renderRolePasswordsCommand()}`,
  ].join(" ");
}
