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
  readonly volumes?: readonly {
    hostPath?: string;
    containerPath?: string;
    volumeName?: string;
    readOnly?: boolean;
  }[];
  readonly mounts?: readonly {
    type?: string;
    source?: string;
    target?: string;
    readOnly?: boolean;
  }[];
  readonly healthcheck?: { tests?: readonly string[] };
  readonly memory?: number;
  readonly restart?: string;
}

export const DOCKER_CONTAINER = "docker:index/container:Container";

/** Where the Docker daemon's socket lives (`/var/run` is a link to `/run`). */
export const DOCKER_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

/** The container's name as Docker knows it, falling back to the Pulumi name. */
export function containerName(props: DockerContainerProps, resourceName: string): string {
  return props.name ?? resourceName;
}

export interface HostBind {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
  /** Where the bind sits in the inputs, e.g. `volumes[0]`. */
  readonly path: string;
}

/** Every host path bound into the container, from `volumes` and bind `mounts`. */
export function hostBinds(props: DockerContainerProps): HostBind[] {
  const binds: HostBind[] = [];
  (props.volumes ?? []).forEach((v, i) => {
    if (v.hostPath) {
      binds.push({
        hostPath: v.hostPath,
        containerPath: v.containerPath ?? "",
        readOnly: v.readOnly === true,
        path: `volumes[${i}]`,
      });
    }
  });
  (props.mounts ?? []).forEach((m, i) => {
    if (m.type === "bind" && m.source) {
      binds.push({
        hostPath: m.source,
        containerPath: m.target ?? "",
        readOnly: m.readOnly === true,
        path: `mounts[${i}]`,
      });
    }
  });
  return binds;
}

/** Normalises `/etc//ssl/` to `/etc/ssl`, so prefix checks compare like with like. */
export function normalisePath(hostPath: string): string {
  const trimmed = hostPath.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
  return trimmed === "" ? "/" : trimmed;
}

/** True when `path` is `root` or lies below it. */
export function isUnder(path: string, root: string): boolean {
  const p = normalisePath(path);
  const r = normalisePath(root);
  return p === r || r === "/" || p.startsWith(`${r}/`);
}

export function isDockerSocket(hostPath: string): boolean {
  return DOCKER_SOCKETS.includes(normalisePath(hostPath));
}
