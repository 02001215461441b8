#!/usr/bin/env bash
# Pre-flight of archon-prod (issue 12, the consolidation plan phase 1, the migration playbook "backup before cutover"):
# everything needed to go back, taken from the running database and written to a dated folder,
# each file checked before the next step. Stops at the first failure. Reads only; the database
# is paused (not stopped) for the few seconds the volume copy takes.
#
# usage: archon-prod-preflight.sh [--container archon-postgres] [--volume archon_postgres_data]
#          [--database postgres] [--admin-user supabase_admin] [--out /root/backups/archon-preflight]
#          [--verify-restore]
#
# The Supabase image demotes `postgres` (no superuser), so dumps run as its superuser
# `supabase_admin` over 127.0.0.1 inside the container. Export PGPASSWORD (the old compose's
# POSTGRES_PASSWORD) when that login asks for one; it is passed by name, never on a command line.
source "$(dirname "$0")/lib.sh"

container=archon-postgres
volume=archon_postgres_data
database=postgres
admin=supabase_admin
out=/root/backups/archon-preflight
verify_restore=false
while [ $# -gt 0 ]; do
  case "$1" in
    --container) container="$2"; shift 2 ;;
    --volume) volume="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    --admin-user) admin="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --verify-restore) verify_restore=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument $1 (see $0 --help)" ;;
  esac
done

password_env=()
[ -z "${PGPASSWORD:-}" ] || password_env=(-e PGPASSWORD)
in_db() { docker exec "${password_env[@]}" "$container" "$@"; }
in_db_stdin() { docker exec -i "${password_env[@]}" "$container" "$@"; }
sql() { in_db psql -X -A -t -F $'\t' -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "$admin" -d "$1" -c "$2"; }

say "1/7 the database container runs"
[ "$(docker inspect -f '{{.State.Running}}' "$container")" = true ] || fail "$container is not running"
image="$(docker inspect -f '{{.Config.Image}}' "$container")"
docker volume inspect "$volume" >/dev/null || fail "volume $volume does not exist"
dir="$(dated_folder "$out")"
say "   writing to $dir"

say "2/7 row counts of every table in schema public"
sql "$database" "$ROW_COUNT_SQL" | write_file "$dir/rowcounts.tsv"
[ -s "$dir/rowcounts.tsv" ] || fail "no table in schema public of $database: wrong database or container?"
sql "$database" "$EXTENSION_SQL" | write_file "$dir/extensions.tsv"

say "3/7 pg_dumpall (roles, every database)"
in_db pg_dumpall -h 127.0.0.1 -U "$admin" | write_file "$dir/all.sql"
grep -q '^-- PostgreSQL database cluster dump complete' "$dir/all.sql" ||
  fail "$dir/all.sql is incomplete"

say "4/7 custom-format dump of $database"
in_db pg_dump -h 127.0.0.1 -U "$admin" --format=custom "$database" | write_file "$dir/$database.dump"
in_db_stdin pg_restore --list <"$dir/$database.dump" | write_file "$dir/$database.list"
while IFS=$'\t' read -r table _; do
  grep -q " TABLE DATA ${table%%.*} ${table#*.} " "$dir/$database.list" ||
    fail "$dir/$database.dump holds no data for $table"
done <"$dir/rowcounts.tsv"

say "5/7 the pgsodium root key (/etc/postgresql-custom, which Vault's secrets need)"
docker cp -a "$container:/etc/postgresql-custom" "$dir/postgresql-custom"
[ -s "$dir/postgresql-custom/pgsodium_root.key" ] || fail "no pgsodium_root.key in $container"

say "6/7 copy of volume $volume (database paused: a crash-consistent copy)"
docker pause "$container"
trap 'docker unpause "$container" >/dev/null 2>&1 || true' EXIT
docker run --rm --entrypoint tar -v "$volume:/source:ro" -v "$dir:/backup" "$image" \
  czf /backup/volume.tar.gz -C /source .
docker unpause "$container"
trap - EXIT
tar tzf "$dir/volume.tar.gz" >"$dir/volume.list"
grep -qx './PG_VERSION' "$dir/volume.list" || fail "$dir/volume.tar.gz holds no data directory"

say "7/7 verify"
if [ "$verify_restore" = true ]; then
  scratch="preflight_verify_$$"
  sql "$database" "CREATE DATABASE $scratch" >/dev/null
  in_db_stdin pg_restore -h 127.0.0.1 -U "$admin" -d "$scratch" --no-owner --exit-on-error \
    <"$dir/$database.dump"
  sql "$scratch" "$ROW_COUNT_SQL" | write_file "$dir/rowcounts-restored.tsv"
  sql "$database" "DROP DATABASE $scratch" >/dev/null
  compare_counts "$dir/rowcounts.tsv" "$dir/rowcounts-restored.tsv" ||
    fail "the dump restored into $scratch with other row counts"
fi
(cd "$dir" && sha256sum all.sql "$database.dump" volume.tar.gz rowcounts.tsv >SHA256SUMS)
printf 'container=%s\nvolume=%s\ndatabase=%s\nimage=%s\n' "$container" "$volume" "$database" "$image" |
  write_file "$dir/COMPLETE"
say "pre-flight complete: $dir"
