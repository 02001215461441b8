/**
 * The POSIX shell script that brings a database to the schema of an Archon checkout, the way
 * Archon's own files expect to be run (docs/contracts/archon.md, "Schema"):
 *
 * - `complete_setup.sql` only when no `archon_*` table exists yet (it creates every table and
 *   records every versioned file of its release in `archon_migrations` itself); never on a
 *   database that already holds Archon's tables.
 * - then every `<version>/<name>.sql` not yet recorded in `archon_migrations` as
 *   `(version, name)`, versions and files in byte order (Archon's `sorted()`), each in one psql
 *   run with its record (version, file name without `.sql`, MD5 of the content), so a second
 *   run applies nothing. Before `archon_migrations` exists (a database older than the
 *   tracking table) the record is skipped; the file that creates the table records its
 *   predecessors.
 * - the first failing file stops the run, named with psql's error (file, line, message).
 *
 * It reads nothing but its environment:
 * - `ARCHON_MIGRATION_DIR`: the checkout's `migration/` folder, on the machine running it.
 * - `ARCHON_PSQL`: how to run psql against the database, e.g.
 *   `docker exec -i -e PGPASSWORD archon-postgres psql -h localhost -U postgres -d postgres`.
 *   The SQL travels on standard input, so the folder need not exist where psql runs.
 */
export const ARCHON_SCHEMA_SCRIPT = `#!/bin/sh
set -u
LC_ALL=C
export LC_ALL
dir="\${ARCHON_MIGRATION_DIR:?ARCHON_MIGRATION_DIR is not set}"
: "\${ARCHON_PSQL:?ARCHON_PSQL is not set}"
err=$(mktemp)
trap 'rm -f "$err"' EXIT

fail() {
  echo "archon schema: $*" >&2
  exit 1
}

# psql quiet, without ~/.psqlrc, stopping at the first error; extra arguments follow.
run_psql() {
  $ARCHON_PSQL -X -q -v ON_ERROR_STOP=1 "$@"
}

query() {
  run_psql -t -A -c "$1" </dev/null 2>"$err" || fail "query failed: $(cat "$err")"
}

checksum() {
  if command -v md5sum >/dev/null 2>&1; then
    md5sum <"$1" | cut -c1-32
  else
    md5 -q "$1"
  fi
}

[ -d "$dir" ] || fail "migration folder $dir does not exist (archon:migrationPath or archon:sourcePath)"
[ -f "$dir/complete_setup.sql" ] || fail "$dir/complete_setup.sql is missing: not an Archon migration folder"

# query runs in a subshell: its failure must stop the script here.
tables=$(query "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename LIKE 'archon\\\\_%'") || exit 1
if [ "$tables" = "0" ]; then
  echo "archon schema: empty database, applying complete_setup.sql"
  run_psql -1 -f - <"$dir/complete_setup.sql" >/dev/null 2>"$err" ||
    fail "complete_setup.sql failed: $(cat "$err")"
else
  echo "archon schema: $tables Archon tables present, skipping complete_setup.sql"
fi

applied=0
for versiondir in "$dir"/*/; do
  [ -d "$versiondir" ] || continue
  version=$(basename "$versiondir")
  for file in "$versiondir"*.sql; do
    [ -f "$file" ] || continue
    name=$(basename "$file" .sql)
    case "$version$name" in
      *[!A-Za-z0-9._-]*) fail "$version/$name.sql: only letters, digits, dot, dash and underscore are allowed in migration names" ;;
    esac
    tracked=$(query "SELECT to_regclass('public.archon_migrations') IS NOT NULL") || exit 1
    if [ "$tracked" = "t" ]; then
      recorded=$(query "SELECT count(*) FROM public.archon_migrations WHERE version = '$version' AND migration_name = '$name'") || exit 1
      [ "$recorded" = "0" ] || continue
    fi
    sum=$(checksum "$file")
    record="DO \\$\\$ BEGIN IF to_regclass('public.archon_migrations') IS NOT NULL THEN INSERT INTO public.archon_migrations (version, migration_name, checksum) VALUES ('$version', '$name', '$sum') ON CONFLICT (version, migration_name) DO NOTHING; END IF; END \\$\\$"
    echo "archon schema: applying $version/$name.sql"
    run_psql -1 -f - -c "$record" <"$file" >/dev/null 2>"$err" ||
      fail "$version/$name.sql failed: $(cat "$err")"
    applied=$((applied + 1))
  done
done
echo "archon schema: $applied versioned migration(s) applied"
`;
