import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Stand-ins for `docker`, `kubectl`, `pulumi` and the PostgreSQL clients on PATH for the
 * moving-in scripts. Each records its call ("tool arg arg ...") in calls.log and fails on demand
 * when the call matches the `FAKE_FAIL` regular expression. Commands run *inside* a container or
 * a pod (`docker exec`, `kubectl exec`, `docker run`) run here, on the test's real PostgreSQL
 * (the caller's PG* environment) and on directories standing in for volumes, so the files the
 * scripts write are real dumps and real archives.
 */
export interface FakeHost {
  readonly root: string;
  readonly bin: string;
  /** Directory standing in for a Docker volume (created on demand). */
  volume(name: string): string;
  /** Root of a container's file system (for `docker cp`). */
  containerRoot(name: string): string;
  /** Sets what `pulumi config get KEY` prints; undefined: the key is unset. */
  setPulumiConfig(key: string, value: string | undefined): void;
  /** The recorded calls, in order. */
  calls(): string[];
  /** Forgets the calls recorded so far. */
  clearCalls(): void;
  run(script: string, args: readonly string[], env?: NodeJS.ProcessEnv): FakeRun;
  remove(): void;
}

export interface FakeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const RECORD = `
line="$(basename "$0") $*"
printf '%s\\n' "$line" >>"$FAKE_ROOT/calls.log"
if [ -n "\${FAKE_FAIL:-}" ] && [[ "$line" =~ $FAKE_FAIL ]]; then
  echo "fake failure: $line" >&2
  exit 1
fi`;

// Inside a container, the scripts reach Postgres over 127.0.0.1; here it is the test server's
// socket (PGHOST), so "-h 127.0.0.1" is dropped.
const LOCAL_EXEC = `
local_exec() {
  local args=()
  while [ $# -gt 0 ]; do
    if [ "$1" = -h ] && [ "$2" = 127.0.0.1 ]; then shift 2; continue; fi
    args+=("$1"); shift
  done
  PATH="$FAKE_REAL_PATH" exec "\${args[@]}"
}`;

const DOCKER = `#!/bin/bash
${RECORD}
${LOCAL_EXEC}
volume_dir() { case "$1" in /*) printf '%s' "$1" ;; *) mkdir -p "$FAKE_ROOT/volumes/$1"; printf '%s' "$FAKE_ROOT/volumes/$1" ;; esac; }
case "$1" in
  inspect)
    case "$3" in
      *Running*) echo "\${FAKE_RUNNING:-true}" ;;
      *Config.Image*) echo public.ecr.aws/supabase/postgres:17.6.1.017 ;;
      *) echo healthy ;;
    esac ;;
  volume)
    case "$2" in
      inspect) [ -d "$FAKE_ROOT/volumes/$3" ] || { echo "no such volume: $3" >&2; exit 1; } ;;
      create) mkdir -p "$FAKE_ROOT/volumes/$3"; echo "$3" ;;
      rm) rm -rf "$FAKE_ROOT/volumes/$3" ;;
    esac ;;
  exec)
    shift
    while [ $# -gt 0 ]; do
      case "$1" in -i) shift ;; -e) shift 2 ;; *) break ;; esac
    done
    shift
    local_exec "$@" ;;
  cp)
    shift
    [ "$1" = -a ] && shift
    src="$FAKE_ROOT/containers/\${1%%:*}\${1#*:}"
    cp -a "$src" "$2" ;;
  run)
    shift
    entrypoint=
    maps=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --rm) shift ;;
        --entrypoint) entrypoint="$2"; shift 2 ;;
        -v) spec="$2"; host="\${spec%%:*}"; rest="\${spec#*:}"; maps+=("$(volume_dir "$host")=\${rest%%:*}"); shift 2 ;;
        *) break ;;
      esac
    done
    shift
    args=()
    [ -n "$entrypoint" ] && args+=("$entrypoint")
    for arg in "$@"; do
      for map in "\${maps[@]}"; do
        inside="\${map#*=}"
        case "$arg" in "$inside"|"$inside"/*) arg="\${map%%=*}\${arg#"$inside"}" ;; esac
      done
      args+=("$arg")
    done
    PATH="$FAKE_REAL_PATH" exec "\${args[@]}" ;;
esac
exit 0
`;

const KUBECTL = `#!/bin/bash
${RECORD}
${LOCAL_EXEC}
case "$1" in
  exec)
    while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done
    shift
    local_exec "$@" ;;
  api-resources) printf 'configmaps\\nsecrets\\npersistentvolumeclaims\\n' ;;
  get)
    if [ "$2" = pv ] && [[ "$*" == *jsonpath* ]]; then
      cat "$FAKE_ROOT/pv.tsv" 2>/dev/null || true
    elif [ "$2" != nodes ]; then
      printf 'apiVersion: v1\\nitems: []\\nkind: List\\n# %s\\n' "$2"
    fi ;;
esac
exit 0
`;

const PULUMI = `#!/bin/bash
${RECORD}
case "$1" in
  config)
    [ "$2" = get ] || exit 0
    file="$FAKE_ROOT/pulumi-config/$3"
    [ -f "$file" ] || { echo "error: configuration key '$3' not found" >&2; exit 1; }
    cat "$file" ;;
  up)
    if [ -n "\${FAKE_PULUMI_UP:-}" ]; then bash -c "$FAKE_PULUMI_UP" || exit 1; fi ;;
esac
exit 0
`;

/** Records and runs the real client (they are also called outside containers). */
const CLIENT = (tool: string) => `#!/bin/bash
${RECORD}
PATH="$FAKE_REAL_PATH" exec ${tool} "$@"
`;

export function fakeHost(): FakeHost {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fake-host-"));
  const bin = path.join(root, "bin");
  for (const dir of [bin, "volumes", "containers", "pulumi-config"]) {
    fs.mkdirSync(path.isAbsolute(dir) ? dir : path.join(root, dir), { recursive: true });
  }
  fs.writeFileSync(path.join(root, "calls.log"), "");
  const tools: Record<string, string> = {
    docker: DOCKER,
    kubectl: KUBECTL,
    pulumi: PULUMI,
    psql: CLIENT("psql"),
    pg_dump: CLIENT("pg_dump"),
    pg_dumpall: CLIENT("pg_dumpall"),
    pg_restore: CLIENT("pg_restore"),
  };
  for (const [name, body] of Object.entries(tools)) {
    fs.writeFileSync(path.join(bin, name), body, { mode: 0o755 });
  }
  // Anyone may read and write: the local PostgreSQL's tools may run as another user.
  fs.chmodSync(root, 0o777);
  return {
    root,
    bin,
    volume: (name) => {
      const dir = path.join(root, "volumes", name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    containerRoot: (name) => {
      const dir = path.join(root, "containers", name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    setPulumiConfig: (key, value) => {
      const file = path.join(root, "pulumi-config", key);
      if (value === undefined) {
        fs.rmSync(file, { force: true });
      } else {
        fs.writeFileSync(file, value);
      }
    },
    calls: () =>
      fs
        .readFileSync(path.join(root, "calls.log"), "utf8")
        .split("\n")
        .filter((line) => line !== ""),
    clearCalls: () => fs.writeFileSync(path.join(root, "calls.log"), ""),
    run: (script, args, env = {}) => {
      const realPath = process.env.PATH ?? "/usr/bin:/bin";
      const run = spawnSync("bash", [script, ...args], {
        encoding: "utf8",
        timeout: 120_000,
        env: {
          ...process.env,
          ...env,
          PATH: `${bin}:${realPath}`,
          FAKE_ROOT: root,
          FAKE_REAL_PATH: realPath,
        },
      });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
