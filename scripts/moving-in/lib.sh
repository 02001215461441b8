# Shared by the moving-in scripts; sourced, never run. Bash, stops at the first failure.
set -euo pipefail
umask 077

say() { printf '%s\n' "$*"; }

# The comment block at the top of the running script (after the #! line): its --help.
usage() {
  sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p;};}' "$0"
}
fail() {
  printf 'STOPPED: %s\n' "$*" >&2
  exit 1
}

# Exact row counts of every table in schema public, one "schema.table<TAB>count" line each.
# Plain SQL (query_to_xml) so that one statement counts every table, on PostgreSQL 15 and 17.
ROW_COUNT_SQL="SELECT format('%I.%I', n.nspname, c.relname), \
(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text \
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' ORDER BY 1"

# Extensions whose objects public tables may use, "name<TAB>schema" per line.
EXTENSION_SQL="SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
WHERE e.extname <> 'plpgsql' ORDER BY 1"

# Writes stdin to $1 through a .partial file, so a failed step leaves no file that looks whole.
write_file() {
  local target="$1"
  cat >"$target.partial"
  mv "$target.partial" "$target"
}

# A dated folder under $1 that did not exist before.
dated_folder() {
  local dir
  dir="$1/$(date -u +%Y%m%dT%H%M%SZ)"
  [ ! -e "$dir" ] || fail "$dir exists already"
  mkdir -p "$dir"
  printf '%s' "$dir"
}

# Compares two row-count records; prints every difference; fails when there is one.
compare_counts() {
  local before="$1" after="$2" differences
  differences="$(diff <(sort "$before") <(sort "$after") || true)"
  if [ -n "$differences" ]; then
    say "row counts differ (< before, > after):"
    say "$differences"
    return 1
  fi
  say "row counts match: $(wc -l <"$before") tables"
}

# Fails unless $1 is a complete pre-flight folder, unchanged since it was written; then loads its
# record (the COMPLETE file sets what the pre-flight found).
load_preflight() {
  local preflight="$1"
  [ -n "$preflight" ] || fail "--preflight DIR is required: the folder archon-prod-preflight.sh wrote"
  [ -f "$preflight/COMPLETE" ] || fail "$preflight is not a complete pre-flight (no COMPLETE file)"
  # shellcheck disable=SC1091
  source "$preflight/COMPLETE"
  (cd "$preflight" && sha256sum --quiet -c SHA256SUMS) || fail "$preflight changed since it was written"
}

# psql in container $1 on database $2, running $3: as the image's superuser over 127.0.0.1, the
# password (when set) passed to the container by name only, never on a command line.
container_sql() {
  local password_env=()
  [ -z "${PGPASSWORD:-}" ] || password_env=(-e PGPASSWORD)
  docker exec "${password_env[@]}" "$1" psql -X -A -t -F $'\t' -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -U supabase_admin -d "$2" -c "$3"
}
