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
  readonly volumes?: readonly { hostPath?: string; containerPath?: string; readOnly?: boolean }[];
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

/** The container's name as Docker knows it, falling back to the Pulumi name. */
export function containerName(props: DockerContainerProps, resourceName: string): string {
  return props.name ?? resourceName;
}

/** Every host path bound into the container, from `volumes` and bind `mounts`. */
export function hostBinds(
  props: DockerContainerProps,
): { hostPath: string; containerPath: string; readOnly: boolean }[] {
  const fromVolumes = (props.volumes ?? [])
    .filter((v) => v.hostPath)
    .map((v) => ({
      hostPath: v.hostPath!,
      containerPath: v.containerPath ?? "",
      readOnly: v.readOnly === true,
    }));
  const fromMounts = (props.mounts ?? [])
    .filter((m) => m.type === "bind" && m.source)
    .map((m) => ({
      hostPath: m.source!,
      containerPath: m.target ?? "",
      readOnly: m.readOnly === true,
    }));
  return [...fromVolumes, ...fromMounts];
}

/** Normalises `/etc//ssl/` to `/etc/ssl`, so prefix checks compare like with like. */
export function normalisePath(hostPath: string): string {
  const trimmed = hostPath.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
  return trimmed === "" ? "/" : trimmed;
}

export function isUnder(path: string, root: string): boolean {
  const p = normalisePath(path);
  const r = normalisePath(root);
  return p === r || (r === "/" ? false : p.startsWith(`${r}/`));
}
