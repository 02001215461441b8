#!/usr/bin/env bash
# Pre-flight of sector7: the sector7 rebuild plan's phase 0 ("CRITICAL - DO NOT SKIP") as one command that
# writes to a dated folder, checks each file and stops at the first failure. Reads only.
#
#   all-resources.yaml   kubectl get all, as the rebuild plan takes it
#   objects/<kind>.yaml  every listable kind, Secrets and ConfigMaps included (`get all` is not all)
#   pvcs.yaml, pvs.yaml  the claims and volumes; volumes.tsv: volume, claim, reclaim policy
#   retain-volumes.sh    patches every volume whose policy is Delete to Retain: run it before
#                        the sector7 rebuild plan's phase 1 deletes the namespaces, or their data goes with them
#   supabase-dump.sql    pg_dumpall of supabase-db-0; databases.txt lists what it must contain
#
# usage: sector7-preflight.sh [--out ~/sector7-backups] [--namespace supabase] [--pod supabase-db-0]
#          [--db-user postgres]
#
# The dump needs a superuser. On a Supabase image `postgres` is not one: give --db-user
# supabase_admin (with PGPASSWORD exported when the login asks for one).
source "$(dirname "$0")/lib.sh"

out="$HOME/sector7-backups"
namespace=supabase
pod=supabase-db-0
db_user=postgres
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --pod) pod="$2"; shift 2 ;;
    --db-user) db_user="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument $1 (see $0 --help)" ;;
  esac
done

# The password, when there is one, travels on stdin: kubectl exec passes no environment.
in_db() {
  if [ -n "${PGPASSWORD:-}" ]; then
    printf '%s\n' "$PGPASSWORD" | kubectl exec -i -n "$namespace" "$pod" -- \
      sh -c 'IFS= read -r PGPASSWORD; export PGPASSWORD; exec "$@"' sh "$@"
  else
    kubectl exec -n "$namespace" "$pod" -- "$@"
  fi
}
sql() { in_db psql -X -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "$db_user" -d postgres -c "$1"; }
yaml_list() { [ "$(head -n 1 "$1")" = "apiVersion: v1" ] || fail "$1 is not a YAML list"; }

say "1/5 the cluster answers"
kubectl get nodes >/dev/null
dir="$(dated_folder "$out")"
mkdir "$dir/objects"
say "   writing to $dir"

say "2/5 every object as YAML"
kubectl get all --all-namespaces -o yaml | write_file "$dir/all-resources.yaml"
yaml_list "$dir/all-resources.yaml"
kubectl api-resources --verbs=list -o name | write_file "$dir/kinds.txt"
while read -r kind; do
  kubectl get "$kind" --all-namespaces -o yaml | write_file "$dir/objects/$kind.yaml"
  yaml_list "$dir/objects/$kind.yaml"
done <"$dir/kinds.txt"

say "3/5 claims and volumes"
kubectl get pvc --all-namespaces -o yaml | write_file "$dir/pvcs.yaml"
kubectl get pv -o yaml | write_file "$dir/pvs.yaml"
kubectl get pv -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.claimRef.namespace}/{.spec.claimRef.name}{"\t"}{.spec.persistentVolumeReclaimPolicy}{"\n"}{end}' |
  write_file "$dir/volumes.tsv"
{
  printf '#!/bin/sh\n# Written by sector7-preflight.sh: keeps the data of these volumes when their claims go.\nset -e\n'
  awk -F'\t' '$3 == "Delete" { printf "kubectl patch pv %s -p '"'"'{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Retain\"}}'"'"'\n", $1 }' "$dir/volumes.tsv"
} | write_file "$dir/retain-volumes.sh"
chmod 700 "$dir/retain-volumes.sh"

say "4/5 pg_dumpall of $namespace/$pod as $db_user"
[ "$(sql "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" = t ] ||
  fail "$db_user is no superuser in $pod (the Supabase image demotes postgres): use --db-user supabase_admin"
sql "SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1" | write_file "$dir/databases.txt"
in_db pg_dumpall -h 127.0.0.1 -U "$db_user" | write_file "$dir/supabase-dump.sql"
grep -q '^-- PostgreSQL database cluster dump complete' "$dir/supabase-dump.sql" ||
  fail "$dir/supabase-dump.sql is incomplete"
while read -r database; do
  [ "$database" = template1 ] || grep -q "^\\\\connect .*$database" "$dir/supabase-dump.sql" ||
    fail "$dir/supabase-dump.sql holds no database $database"
done <"$dir/databases.txt"

say "5/5 checksums"
(cd "$dir" && sha256sum all-resources.yaml pvcs.yaml pvs.yaml supabase-dump.sql objects/*.yaml >SHA256SUMS)
date -u +%Y-%m-%dT%H:%M:%SZ | write_file "$dir/COMPLETE"
say "pre-flight complete: $dir"
if grep -q 'kubectl patch' "$dir/retain-volumes.sh"; then
  say "volumes that would be deleted with their claims: see $dir/volumes.tsv; keep them with $dir/retain-volumes.sh"
fi
