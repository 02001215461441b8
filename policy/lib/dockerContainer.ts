import { hostPathProblem, isUnder as isUnderResolved, resolveHostPath } from "./hostPaths";

/** The inputs of `docker:index/container:Container` that the Docker policies read. */
export interface DockerContainerProps {
  readonly name?: string;
  readonly image?: string;
  readonly ports?: readonly { internal?: number; external?: number; ip?: string }[];
  readonly publishAllPorts?: boolean;
  readonly privileged?: boolean;
  readonly networkMode?: string;
  readonly pidMode?: string;
  readonly ipcMode?: string;
  readonly usernsMode?: string;
  readonly cgroupnsMode?: string;
  readonly capabilities?: { adds?: readonly string[]; drops?: readonly string[] };
  readonly securityOpts?: readonly string[];
  readonly devices?: readonly { hostPath?: string; containerPath?: string }[];
  readonly volumes?: readonly {
    hostPath?: string;
    containerPath?: string;
    volumeName?: string;
    fromContainer?: string;
    readOnly?: boolean;
  }[];
  readonly mounts?: readonly DockerMount[];
  readonly healthcheck?: { tests?: readonly string[] };
  readonly memory?: number;
  readonly restart?: string;
  readonly envs?: readonly string[];
  readonly entrypoints?: readonly string[];
  readonly command?: readonly string[];
  readonly uploads?: readonly { file?: string; source?: string }[];
}

export interface DockerMount {
  readonly type?: string;
  readonly source?: string;
  readonly target?: string;
  readonly readOnly?: boolean;
  readonly volumeOptions?: { driverName?: string; driverOptions?: Record<string, string> };
}

export const DOCKER_CONTAINER = "docker:index/container:Container";
export const DOCKER_SERVICE = "docker:index/service:Service";
export const DOCKER_VOLUME = "docker:index/volume:Volume";

/** Where the Docker daemon's socket lives (`/var/run` is a link to `/run`). */
export const DOCKER_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

interface ServiceProps {
  name?: string;
  taskSpec?: {
    containerSpec?: {
      image?: string;
      mounts?: readonly DockerMount[];
      capAdds?: readonly string[];
      env?: Record<string, string>;
      commands?: readonly string[];
      args?: readonly string[];
    };
  };
}

/**
 * A swarm service's task as the container policies read one: its image, mounts, added
 * capabilities and environment sit under taskSpec.containerSpec. Undefined for other types.
 */
export function dockerContainerOf(type: string, props: unknown): DockerContainerProps | undefined {
  if (type === DOCKER_CONTAINER) {
    return (props ?? {}) as DockerContainerProps;
  }
  if (type !== DOCKER_SERVICE) {
    return undefined;
  }
  const service = (props ?? {}) as ServiceProps;
  const spec = service.taskSpec?.containerSpec ?? {};
  const env = spec.env !== null && typeof spec.env === "object" ? spec.env : {};
  return {
    name: service.name,
    image: spec.image,
    mounts: spec.mounts,
    capabilities: { adds: spec.capAdds },
    envs: Object.entries(env).map(([key, value]) => `${key}=${String(value)}`),
    entrypoints: spec.commands,
  };
}

/** Where a service's mounts sit in its inputs, for isKnown checks. */
export function mountsPath(type: string): string {
  return type === DOCKER_SERVICE ? "taskSpec.containerSpec.mounts" : "mounts";
}

/** The container's name as Docker knows it, falling back to the Pulumi name. */
export function containerName(props: DockerContainerProps, resourceName: string): string {
  return typeof props.name === "string" ? props.name : resourceName;
}

export interface HostBind {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
  /** Where the bind sits in the inputs, e.g. `volumes[0]`. */
  readonly path: string;
}

/** Splits the comma-separated `o` option of the local volume driver (`o=bind,ro`). */
function mountOptions(o: unknown): string[] {
  return typeof o === "string" ? o.split(",").map((s) => s.trim()) : [];
}

/**
 * The host path behind local-driver options `{ type: none, o: bind, device: /path }`, which
 * Docker mounts exactly like a bind, or undefined for any other driver or options.
 */
export function localDriverBind(
  driver: unknown,
  options: unknown,
): { device: unknown; readOnly: boolean } | undefined {
  if (driver !== undefined && driver !== "local") {
    return undefined;
  }
  if (options === null || typeof options !== "object") {
    return undefined;
  }
  const o = mountOptions((options as Record<string, unknown>).o);
  if (!o.includes("bind") && !o.includes("rbind")) {
    return undefined;
  }
  return { device: (options as Record<string, unknown>).device, readOnly: o.includes("ro") };
}

function asArray<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/**
 * Every host path bound into the container, from `volumes`, bind `mounts` and volume `mounts`
 * whose local-driver options bind a host directory. Entries whose path is malformed (not an
 * absolute path) are left to bindProblems.
 */
export function hostBinds(props: DockerContainerProps, mounts = "mounts"): HostBind[] {
  const binds: HostBind[] = [];
  asArray<NonNullable<DockerContainerProps["volumes"]>[number]>(props.volumes).forEach((v, i) => {
    if (v && typeof v.hostPath === "string" && hostPathProblem(v.hostPath) === undefined) {
      binds.push({
        hostPath: v.hostPath,
        containerPath: String(v.containerPath ?? ""),
        readOnly: v.readOnly === true,
        path: `volumes[${i}]`,
      });
    }
  });
  asArray<DockerMount>(props.mounts).forEach((m, i) => {
    if (!m) {
      return;
    }
    if (m.type === "bind" && typeof m.source === "string" && !hostPathProblem(m.source)) {
      binds.push({
        hostPath: m.source,
        containerPath: String(m.target ?? ""),
        readOnly: m.readOnly === true,
        path: `${mounts}[${i}]`,
      });
    }
    const local =
      m.type === "volume"
        ? localDriverBind(m.volumeOptions?.driverName, m.volumeOptions?.driverOptions)
        : undefined;
    if (local && typeof local.device === "string" && !hostPathProblem(local.device)) {
      binds.push({
        hostPath: local.device,
        containerPath: String(m.target ?? ""),
        readOnly: m.readOnly === true || local.readOnly,
        path: `${mounts}[${i}].volumeOptions.driverOptions.device`,
      });
    }
  });
  return binds;
}

/** Messages for bind entries whose host path is not an absolute path string. */
export function bindProblems(props: DockerContainerProps, mounts = "mounts"): string[] {
  const problems: string[] = [];
  if (props.volumes !== undefined && !Array.isArray(props.volumes)) {
    problems.push(`volumes is not a list`);
  }
  if (props.mounts !== undefined && !Array.isArray(props.mounts)) {
    problems.push(`${mounts} is not a list`);
  }
  asArray<NonNullable<DockerContainerProps["volumes"]>[number]>(props.volumes).forEach((v, i) => {
    if (v === null || typeof v !== "object") {
      problems.push(`volumes[${i}] is ${JSON.stringify(v)}, not a volume`);
    } else if (v.hostPath !== undefined && hostPathProblem(v.hostPath)) {
      problems.push(`volumes[${i}].hostPath ${hostPathProblem(v.hostPath)}`);
    }
  });
  asArray<DockerMount>(props.mounts).forEach((m, i) => {
    if (m === null || typeof m !== "object") {
      problems.push(`${mounts}[${i}] is ${JSON.stringify(m)}, not a mount`);
    } else if (m.type === "bind" && hostPathProblem(m.source)) {
      problems.push(`${mounts}[${i}].source ${hostPathProblem(m.source)}`);
    } else if (m.type === "volume") {
      const local = localDriverBind(m.volumeOptions?.driverName, m.volumeOptions?.driverOptions);
      if (local && hostPathProblem(local.device)) {
        problems.push(
          `${mounts}[${i}].volumeOptions.driverOptions.device ${hostPathProblem(local.device)}`,
        );
      }
    }
  });
  return problems;
}

/** Resolves `..`, `/./` and `//` as Docker does before the bind. */
export function normalisePath(hostPath: string): string {
  return resolveHostPath(hostPath);
}

/** True when `path` is `root` or lies below it (both resolved; /var/run is /run). */
export function isUnder(path: string, root: string): boolean {
  return isUnderResolved(path, root);
}

export function isDockerSocket(hostPath: string): boolean {
  return DOCKER_SOCKETS.some(
    (socket) => isUnderResolved(hostPath, socket) && isUnderResolved(socket, hostPath),
  );
}
