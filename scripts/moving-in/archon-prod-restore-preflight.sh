#!/usr/bin/env bash
# For the layout before consolidation (the consolidation plan's "current state": Supabase CLI containers, data
# in volume supabase_db_supabase): the program starts on a new volume, and Archon's tables come
# from the pre-flight's custom-format dump. Restores schema public only (Supabase's own schemas
# belong to the new image), owned by `postgres`, after creating the extensions the old database
# had; then compares row counts with the pre-flight record. Stops at the first failure.
#
# usage: archon-prod-restore-preflight.sh --preflight DIR [--container archon-postgres]
#          [--target-database postgres] [--writers "archon-server archon-mcp"]
source "$(dirname "$0")/lib.sh"

preflight=
target_container=archon-postgres
target_database=postgres
writers="archon-server archon-mcp"
while [ $# -gt 0 ]; do
  case "$1" in
    --preflight) preflight="$2"; shift 2 ;;
    --container) target_container="$2"; shift 2 ;;
    --target-database) target_database="$2"; shift 2 ;;
    --writers) writers="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument $1 (see $0 --help)" ;;
  esac
done
load_preflight "$preflight"

password_env=()
[ -z "${PGPASSWORD:-}" ] || password_env=(-e PGPASSWORD)
sql() { container_sql "$target_container" "$target_database" "$1"; }

say "1/4 stop Archon's writers"
# shellcheck disable=SC2086
[ -z "$writers" ] || docker stop $writers

say "2/4 the extensions the old database had"
while IFS=$'\t' read -r extension schema; do
  sql "SET client_min_messages = warning; CREATE SCHEMA IF NOT EXISTS \"$schema\"; CREATE EXTENSION IF NOT EXISTS \"$extension\" WITH SCHEMA \"$schema\"" >/dev/null
done <"$preflight/extensions.tsv"

say "3/4 restore schema public of $preflight/$database.dump"
docker exec -i "${password_env[@]}" "$target_container" pg_restore -h 127.0.0.1 -U supabase_admin \
  -d "$target_database" --schema=public --no-owner --role=postgres --clean --if-exists \
  --exit-on-error <"$preflight/$database.dump"
sql "$ROW_COUNT_SQL" | write_file "$preflight/rowcounts-after-restore.tsv"
compare_counts "$preflight/rowcounts.tsv" "$preflight/rowcounts-after-restore.tsv" ||
  fail "the restored tables hold other row counts; writers stay stopped"

say "4/4 start Archon's writers"
# shellcheck disable=SC2086
[ -z "$writers" ] || docker start $writers
