#!/usr/bin/env bash
# Cutover of archon-prod from the consolidation plan's compose project (docs/background.md) to this program (issue 12, item 2).
# Stops compose keeping its volumes, lets `pulumi up` adopt the data volume by name (Docker
# hands back the existing volume for a create with its name), runs the post-deploy checks
# (they are part of `pulumi up`) and compares row counts with the pre-flight record.
# Stops at the first failure; never removes a volume. The way back: archon-prod-rollback.sh.
#
# usage: archon-prod-cutover.sh --preflight DIR [--compose-dir /opt/archon] [--stack archon-prod]
#          [--key-volume NAME] [--restore --stop-containers "NAME ..."]
#
# --restore: the layout before consolidation (the data in another volume, Supabase CLI's
# containers beside compose): the program starts on its own new volume with a new JWT secret,
# --stop-containers are stopped (`docker stop`, which removes neither them nor their volumes),
# and Archon's tables come from the pre-flight dump (archon-prod-restore-preflight.sh).
#
# --key-volume: the program's volume for /etc/postgresql-custom; it is created and given the
# pre-flight's pgsodium root key before Postgres first starts, so Vault's secrets stay readable.
source "$(dirname "$0")/lib.sh"

preflight=
compose_dir=/opt/archon
stack=archon-prod
key_volume=
restore=false
stop_containers=
while [ $# -gt 0 ]; do
  case "$1" in
    --preflight) preflight="$2"; shift 2 ;;
    --compose-dir) compose_dir="$2"; shift 2 ;;
    --stack) stack="$2"; shift 2 ;;
    --key-volume) key_volume="$2"; shift 2 ;;
    --restore) restore=true; shift ;;
    --stop-containers) stop_containers="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument $1 (see $0 --help)" ;;
  esac
done
load_preflight "$preflight"

# As the pre-flight: the image's superuser over 127.0.0.1 (lib.sh).
sql() { container_sql "$container" "$database" "$1"; }

if [ "$restore" = true ]; then
  say "1/6 the stack starts on its own volume; Archon's tables come from $preflight"
  configured_volume="$(pulumi config get supabase:postgresVolumeName --stack "$stack" 2>/dev/null || echo archon_postgres_data)"
  [ "$configured_volume" != "$volume" ] ||
    fail "supabase:postgresVolumeName is the old volume $volume, whose data the new image must not adopt: keep the default archon_postgres_data"
else
  say "1/6 the stack is ready to adopt what runs"
  configured_volume="$(pulumi config get supabase:postgresVolumeName --stack "$stack" 2>/dev/null || echo archon_postgres_data)"
  [ "$configured_volume" = "$volume" ] ||
    fail "supabase:postgresVolumeName is $configured_volume but the data is on $volume: pulumi config set supabase:postgresVolumeName $volume"
  old_secret="$(sql "SELECT coalesce(current_setting('app.settings.jwt_secret', true), '')")" ||
    fail "cannot read app.settings.jwt_secret from $container"
  new_secret="$(pulumi config get supabase:jwtSecret --stack "$stack" 2>/dev/null)" ||
    fail "supabase:jwtSecret is not set: pulumi config set --secret supabase:jwtSecret <the JWT_SECRET of $compose_dir/.env>"
  if [ -z "$old_secret" ]; then
    say "   the database stores no app.settings.jwt_secret; supabase:jwtSecret is set"
  elif [ "$old_secret" != "$new_secret" ]; then
    fail "supabase:jwtSecret differs from the database's app.settings.jwt_secret: set the old secret"
  fi
  unset old_secret new_secret
fi

say "2/6 stop the compose project, keeping its volumes"
(cd "$compose_dir" && docker compose down --remove-orphans)
# shellcheck disable=SC2086
[ -z "$stop_containers" ] || docker stop $stop_containers
docker volume inspect "$volume" >/dev/null || fail "volume $volume is gone"

if [ -n "$key_volume" ]; then
  say "   the pgsodium root key into volume $key_volume"
  docker volume create "$key_volume" >/dev/null
  docker run --rm --entrypoint cp -v "$key_volume:/target" -v "$preflight/postgresql-custom:/source:ro" \
    "$image" -a /source/. /target/
else
  say "   no --key-volume: the pgsodium root key stays in $preflight/postgresql-custom"
fi

say "3/6 pulumi up (adopts $volume; the post-deploy checks run inside)"
pulumi up --yes --skip-preview --stack "$stack"

if [ "$restore" = true ]; then
  say "4/6 restore Archon's tables from the pre-flight dump"
  "$(dirname "$0")/archon-prod-restore-preflight.sh" --preflight "$preflight" ||
    fail "the restore failed: go back with archon-prod-rollback.sh --start-containers \"$stop_containers\""
  say "5/6 the old data volume $volume is untouched"
  docker volume inspect "$volume" >/dev/null || fail "volume $volume is gone"
  say "6/6 done: keep $preflight and $volume until the program has run a week"
  exit 0
fi

say "4/6 row counts against the pre-flight record"
container=archon-postgres
sql "$ROW_COUNT_SQL" | write_file "$preflight/rowcounts-after-cutover.tsv"
compare_counts "$preflight/rowcounts.tsv" "$preflight/rowcounts-after-cutover.tsv" ||
  fail "data differs after the cutover: go back with archon-prod-rollback.sh"

say "5/6 the data volume is still $volume"
docker volume inspect "$volume" >/dev/null || fail "volume $volume is gone"

say "6/6 done: keep $preflight until the program has run a week (the consolidation plan's monitoring)"
