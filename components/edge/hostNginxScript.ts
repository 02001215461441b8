/** Where the host's nginx keeps the edge's files (Debian's layout by default). */
export interface HostNginxPaths {
  /** The site file. Default: `/etc/nginx/sites-available/archon`. */
  readonly sitePath: string;
  /** The link nginx includes. Default: the site path under `sites-enabled/`. */
  readonly enabledPath: string;
  /** The htpasswd file the site's `auth_basic_user_file` names. */
  readonly htpasswdPath: string;
  /** Group of nginx's workers, which must read the htpasswd file (mode 0640). Default `www-data`. */
  readonly htpasswdGroup?: string;
  /** More htpasswd files, after the first on standard input (e.g. Archon's edge login). */
  readonly extraHtpasswdPaths?: readonly string[];
}

export const DEFAULT_HOST_SITE_PATH = "/etc/nginx/sites-available/archon";
export const DEFAULT_HOST_HTPASSWD_PATH = "/etc/nginx/.htpasswd-supabase";

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The host mode of seed 003's nginx section as a POSIX shell script: reads the site and the
 * htpasswd file from a bundle on standard input (in that order), keeps the previous files,
 * places the new ones, links the site, runs `nginx -t`, and reloads nginx only when the test
 * passes; otherwise puts the previous files back and fails. Runs as root, or as a user that may
 * `sudo -n` without a password.
 */
export function renderHostNginxScript(paths: HostNginxPaths): string {
  const group = paths.htpasswdGroup ?? "www-data";
  return `#!/bin/sh
# Rendered by Pulumi (EdgeProxy, host mode): place the edge's nginx site and htpasswd file,
# nginx -t, then reload. Standard input: "<path> <base64>" for the site, then each htpasswd file.
set -eu
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
site=${shellQuote(paths.sitePath)}
enabled=${shellQuote(paths.enabledPath)}
# The htpasswd files, in the order they arrive.
set -- ${[paths.htpasswdPath, ...(paths.extraHtpasswdPaths ?? [])].map(shellQuote).join(" ")}
group=${shellQuote(group)}
new=$(mktemp -d)
trap 'rm -rf "$new"' EXIT
n=0
for expected in "$site" "$@"; do
  n=$((n + 1))
  IFS=' ' read -r path content || true
  if [ "$path" != "$expected" ] || [ -z "$content" ]; then
    echo "host-nginx: expected $expected on standard input, got '$path'" >&2
    exit 1
  fi
  printf '%s' "$content" | base64 -d > "$new/$n"
done
for file in "$site" "$@"; do
  if $SUDO test -e "$file"; then $SUDO cp -p "$file" "$file.previous"; else $SUDO rm -f "$file.previous"; fi
done
if [ -L "$enabled" ] || [ -e "$enabled" ]; then linked=yes; else linked=no; fi
$SUDO install -m 0644 "$new/1" "$site"
n=1
for auth in "$@"; do
  n=$((n + 1))
  $SUDO install -m 0640 -g "$group" "$new/$n" "$auth"
done
$SUDO ln -sfn "$site" "$enabled"
if ! $SUDO nginx -t; then
  for file in "$site" "$@"; do
    if $SUDO test -e "$file.previous"; then $SUDO mv "$file.previous" "$file"; else $SUDO rm -f "$file"; fi
  done
  if [ "$linked" = no ]; then $SUDO rm -f "$enabled"; fi
  echo "host-nginx: nginx -t rejected the new configuration; the previous files are back and nginx was not reloaded" >&2
  exit 1
fi
$SUDO systemctl reload nginx
echo "host-nginx: wrote $site and $*; nginx reloaded"
`;
}
