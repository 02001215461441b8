#!/usr/bin/env bash
# The way back from archon-prod-cutover.sh (issue 12, item 2): the program's containers and
# network removed while the data volume stays (it is protected and retained in the program),
# then the consolidation plan's compose project (docs/background.md) started again on the same volume. Never removes a volume.
#
# usage: archon-prod-rollback.sh [--compose-dir /opt/archon] [--stack archon-prod]
#          [--volume archon_postgres_data] [--start-containers "NAME ..."]
#
# --start-containers: containers the cutover stopped (the Supabase CLI's, before consolidation).
source "$(dirname "$0")/lib.sh"

compose_dir=/opt/archon
stack=archon-prod
volume=archon_postgres_data
start_containers=
while [ $# -gt 0 ]; do
  case "$1" in
    --compose-dir) compose_dir="$2"; shift 2 ;;
    --stack) stack="$2"; shift 2 ;;
    --volume) volume="$2"; shift 2 ;;
    --start-containers) start_containers="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument $1 (see $0 --help)" ;;
  esac
done
[ -f "$compose_dir/docker-compose.yml" ] || fail "no docker-compose.yml in $compose_dir"

say "1/3 remove the program's containers; the protected data volume stays"
pulumi destroy --yes --skip-preview --exclude-protected --stack "$stack"
docker volume inspect "$volume" >/dev/null || fail "volume $volume is gone"

say "2/3 start the compose project again"
# shellcheck disable=SC2086
[ -z "$start_containers" ] || docker start $start_containers
(cd "$compose_dir" && docker compose up -d)

say "3/3 compose's containers"
(cd "$compose_dir" && docker compose ps)
