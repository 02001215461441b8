/**
 * The role and schema layout supabase/postgres leaves behind on first boot, reduced to what our
 * program relies on, in the order the image applies it (docs/contracts/supabase.md, "postgres"):
 *
 * 1. initdb as `supabase_admin` (the Dockerfile's `POSTGRES_USER`);
 * 2. migrate.sh, as supabase_admin: `create role postgres superuser login password ...`;
 * 3. the init scripts, as `postgres`: the API roles (initial-schema), `auth` owned by
 *    `supabase_auth_admin` (auth-schema) ... and then ours, `99-roles.sql`;
 * 4. the migrations, as supabase_admin: `postgres` demoted (demote-postgres) and later cut off
 *    from `supabase_auth_admin` (lock_down_postgres_access_to_auth_migrations).
 *
 * Steps 2 and 4 run as the superuser; step 3 as `postgres`, which is how a test reproduces
 * "our init script runs in the image's order".
 */

/** Step 2, as supabase_admin (psql variable `pgpass` holds the password). */
export const MIGRATE_SH_BOOTSTRAP = `create role postgres superuser login password :'pgpass';`;

/** Step 3, as postgres: the roles and the auth schema our program and backups touch. */
export const IMAGE_INIT_SCRIPTS = `
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create user authenticator noinherit;
grant anon to authenticator;
grant authenticated to authenticator;
grant service_role to authenticator;
create user pgbouncer;
create user supabase_storage_admin noinherit createrole;
create user supabase_auth_admin noinherit createrole;
grant usage on schema public to postgres, anon, authenticated, service_role;
-- Users of the image create their tables in public as postgres (Studio, migrations).
grant create on schema public to postgres;
create schema auth authorization supabase_auth_admin;
create table auth.schema_migrations (version text primary key);
alter table auth.schema_migrations owner to supabase_auth_admin;
insert into auth.schema_migrations values ('20221208132122');
grant supabase_auth_admin to postgres;
`;

/** Step 4, as supabase_admin. */
export const IMAGE_MIGRATIONS = `
alter role postgres nosuperuser createdb createrole login replication bypassrls;
revoke supabase_auth_admin from postgres;
`;
