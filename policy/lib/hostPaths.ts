/**
 * Host paths as Docker and the kubelet resolve them: both take an absolute path and clean it
 * lexically (Go's filepath.Clean) before the bind, so `//`, `/./` and `..` never protect a path.
 * `..` at the root stays at the root, as in the kernel. Symbolic links on the host (other than
 * /var/run -> /run, which every distribution has) cannot be seen from a plan.
 */
/**
 * Host directories no container may bind, nor anything below them, nor a directory holding them
 * ("/" matches only itself): the policy's default, and what archon-prod's backup directory may not be.
 */
export const DEFAULT_SENSITIVE_HOST_PATHS: readonly string[] = [
  "/",
  "/etc",
  "/proc",
  "/sys",
  "/boot",
  "/dev",
  "/usr",
  "/lib",
  "/lib64",
  "/bin",
  "/sbin",
  "/root",
  "/home",
  "/run",
  "/var/run",
  "/var/lib/docker",
  "/var/lib/containerd",
  "/var/lib/kubelet",
  "/var/lib/rancher",
  "/var/spool/cron",
  "/var/log",
];

export function resolveHostPath(hostPath: string): string {
  const parts: string[] = [];
  for (const part of hostPath.split("/")) {
    if (part === "" || part === ".") {
      continue;
    }
    if (part === "..") {
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return `/${parts.join("/")}`;
}

/** `/var/run` is a link to `/run` on every current distribution: compare both as `/run`. */
function canonical(hostPath: string): string {
  const resolved = resolveHostPath(hostPath);
  return resolved === "/var/run" || resolved.startsWith("/var/run/")
    ? resolved.slice("/var".length)
    : resolved;
}

/** True when `path` is `root` or lies below it, after resolving both. */
export function isUnder(path: string, root: string): boolean {
  const p = canonical(path);
  const r = canonical(root);
  return p === r || r === "/" || p.startsWith(`${r}/`);
}

/** True when `path` strictly contains `sensitive` (binding /var/lib exposes /var/lib/docker). */
export function isAncestorOf(path: string, sensitive: string): boolean {
  const p = canonical(path);
  const s = canonical(sensitive);
  return p !== s && (p === "/" || s.startsWith(`${p}/`));
}

/** Why a value cannot be a host path, or undefined when it can. */
export function hostPathProblem(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return `${JSON.stringify(value) ?? String(value)} is not a path (a ${value === null ? "null" : typeof value})`;
  }
  if (!value.startsWith("/")) {
    return `${JSON.stringify(value)} is not an absolute path`;
  }
  return undefined;
}

export interface SensitiveHit {
  /** The sensitive path hit. */
  readonly root: string;
  /** The bound path lies below the sensitive one, or holds it (a parent directory). */
  readonly how: "below" | "parent";
}

/**
 * The sensitive path a bind of `hostPath` exposes: the path itself or anything below it, or a
 * directory that holds it. "/" as a sensitive entry matches only itself (every path is below it).
 */
export function sensitiveHit(
  hostPath: string,
  sensitive: readonly string[],
): SensitiveHit | undefined {
  // Name the entry as written when one matches without the /var/run link, for the message.
  const resolved = resolveHostPath(hostPath);
  const literal = sensitive.find((root) => {
    const r = resolveHostPath(root);
    return r !== "/" && (resolved === r || resolved.startsWith(`${r}/`));
  });
  if (literal) {
    return { root: literal, how: "below" };
  }
  for (const root of sensitive) {
    if (resolveHostPath(root) === "/") {
      if (resolveHostPath(hostPath) === "/") {
        return { root, how: "below" };
      }
    } else if (isUnder(hostPath, root)) {
      return { root, how: "below" };
    }
  }
  for (const root of sensitive) {
    if (resolveHostPath(root) !== "/" && isAncestorOf(hostPath, root)) {
      return { root, how: "parent" };
    }
  }
  return undefined;
}
