/** One database's backup plan. */
export interface DatabaseBackup {
  /** Database name. */
  readonly name: string;
  /** Cron schedule, five fields (UTC in the backup container). */
  readonly schedule: string;
  /** How many dumps to keep; older ones are pruned after each successful dump. */
  readonly retain: number;
}

/**
 * `archon-backup <database> <retain>`: one pg_dump in custom format into
 * `$BACKUP_DIR/<database>/`, written under a temporary name and renamed only when complete (a
 * failed dump leaves no file), then every dump beyond the newest <retain> removed. Connection
 * settings come from libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSFILE), never from the
 * command line, and it never waits for a password prompt.
 */
export function renderBackupScript(): string {
  return `#!/bin/sh
# Rendered by Pulumi (PostgresBackups). Usage: archon-backup <database> <retain>
set -eu
db="$1"
retain="$2"
dir="\${BACKUP_DIR:?BACKUP_DIR is not set}/$db"
stamp="\${BACKUP_STAMP:-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$dir"
target="$dir/$db-$stamp.dump"
# A failed dump leaves nothing behind (retention counts only complete dumps).
trap 'rm -f "$target.partial"' EXIT
pg_dump --format=custom --no-password --file="$target.partial" --dbname="$db"
mv "$target.partial" "$target"
echo "archon-backup: wrote $target"
# Names sort by time; keep the newest $retain.
ls -1 "$dir" | grep -E "^$db-[0-9TZ]+\\.dump$" | sort -r | tail -n "+$((retain + 1))" | while read -r old; do
  rm -f "$dir/$old"
  echo "archon-backup: pruned $dir/$old"
done
`;
}

/**
 * `archon-restore <database> [dump]`: restores the given dump, or the newest one, into the
 * database with pg_restore --clean --if-exists in one transaction, stopping at the first error
 * (and then changing nothing). Logged in as a
 * superuser the objects keep their owners; with `PGOPTIONS=-c role=<owner>` they are created as
 * that role (`--no-owner`).
 */
export function renderRestoreScript(): string {
  return `#!/bin/sh
# Rendered by Pulumi (PostgresBackups). Usage: archon-restore <database> [dump file]
set -eu
db="$1"
dir="\${BACKUP_DIR:?BACKUP_DIR is not set}/$db"
dump="\${2:-$(ls -1 "$dir" | grep -E "^$db-[0-9TZ]+\\.dump$" | sort -r | head -n 1)}"
case "$dump" in
  "") echo "archon-restore: no dump of $db in $dir" >&2; exit 1 ;;
  /*) ;;
  *) dump="$dir/$dump" ;;
esac
# As a superuser every object gets its owner back; as the database's own role (PGOPTIONS sets
# role=...) everything is created as that role instead.
owners=""
case "\${PGOPTIONS:-}" in *role=*) owners="--no-owner" ;; esac
echo "archon-restore: restoring $dump into $db"
# One transaction: a restore that fails leaves the database as it was.
pg_restore --clean --if-exists $owners --exit-on-error --single-transaction --no-password --dbname="$db" "$dump"
echo "archon-restore: done"
`;
}

/** A crontab (busybox crond format) with one line per database. */
export function renderBackupCrontab(
  databases: readonly DatabaseBackup[],
  scriptPath: string,
): string {
  const lines = databases.map(
    (db) => `${db.schedule} ${scriptPath} ${db.name} ${db.retain} > /proc/1/fd/1 2>&1`,
  );
  return `# Rendered by Pulumi (PostgresBackups): one pg_dump schedule per database.\n${lines.join("\n")}\n`;
}

/**
 * A libpq password file for one server and user, any database. Backslashes and colons in the
 * fields are escaped as libpq reads them. A host of `localhost` also matches Unix sockets.
 */
export function renderPgpass(host: string, user: string, password: string, port = 5432): string {
  const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/:/g, "\\:");
  return `${escape(host)}:${port}:*:${escape(user)}:${escape(password)}\n`;
}

/**
 * The restore procedure as one script for the Docker host: stop whichever of `writers` are
 * running, run `archon-restore <database> [dump]` in the backup container, then start exactly
 * the writers it stopped, also after a failed restore (which changed nothing). Exits with the
 * restore's status.
 */
export function renderRestoreProcedure(
  backupContainer: string,
  writers: readonly string[],
): string {
  return `#!/bin/bash
# Rendered by Pulumi (PostgresBackups). Usage: bash restore.sh [database] [dump file]
set -uo pipefail
db="\${1:-postgres}"
dump="\${2:-}"
stopped=()
for c in ${writers.join(" ")}; do
  if [ "$(docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" = true ]; then
    docker stop "$c" >/dev/null || { echo "could not stop $c" >&2; exit 1; }
    stopped+=("$c")
  fi
done
docker exec ${backupContainer} archon-restore "$db" \${dump:+"$dump"}
status=$?
if [ \${#stopped[@]} -gt 0 ]; then
  docker start "\${stopped[@]}" >/dev/null
fi
exit $status
`;
}
