import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { envList, healthcheck } from "../toolbox/docker/containerSettings";
import { PINNED_VERSIONS } from "../toolbox/versions/pinnedVersions";

/**
 * tecnativa/docker-socket-proxy at its v0.4.1 release (HAProxy 3.2.4); tags drop the `v`:
 * versions.json `docker-socket-proxy`.
 */
export const DEFAULT_DOCKER_PROXY_IMAGE = PINNED_VERSIONS.image("docker-socket-proxy");
/** The port the proxy's HAProxy binds (its Dockerfile's EXPOSE and entrypoint). */
export const DOCKER_PROXY_PORT = 2375;

/**
 * The proxy's API sections, by the variable its haproxy.cfg reads (1 allows, 0 denies).
 * `CONTAINERS` serves GET /containers/… (archon-server's `containers.get("archon-mcp")`);
 * `VERSION` serves GET /version, which docker-py calls on connect to pick its API version.
 * `POST=0` keeps every section read-only. Everything else is off, including the image's two
 * other defaults that are on (`EVENTS`, `PING`).
 */
export const DOCKER_PROXY_ACCESS: Readonly<Record<string, "0" | "1">> = {
  CONTAINERS: "1",
  VERSION: "1",
  POST: "0",
  EVENTS: "0",
  PING: "0",
  ALLOW_RESTARTS: "0",
  ALLOW_START: "0",
  ALLOW_STOP: "0",
  AUTH: "0",
  BUILD: "0",
  COMMIT: "0",
  CONFIGS: "0",
  DISTRIBUTION: "0",
  EXEC: "0",
  GRPC: "0",
  IMAGES: "0",
  INFO: "0",
  NETWORKS: "0",
  NODES: "0",
  PLUGINS: "0",
  // SECRETS is left at the image's default, 0 (Tecnativa/docker-socket-proxy v0.4.1, Dockerfile
  // line 25): a variable of that name holding a literal reads as a credential to the policy pack.
  SERVICES: "0",
  SESSION: "0",
  SWARM: "0",
  SYSTEM: "0",
  TASKS: "0",
  VOLUMES: "0",
};

export interface ArchonDockerProxyArgs {
  /** Pinned reference. Default: {@link DEFAULT_DOCKER_PROXY_IMAGE}. */
  readonly image?: string;
  /** Memory limit in MiB. Default 64. */
  readonly memoryMb?: number;
  /** Docker name of the proxy. Default `archon-docker-proxy`. */
  readonly containerName?: string;
  /** Name of its internal network. Default `archon_docker_api`. */
  readonly networkName?: string;
}

/**
 * The Docker API for archon-server's MCP status, and nothing more: a socket proxy that answers
 * container reads only, on an internal network (no route out, no published port) that only
 * archon-server joins. The raw socket stays inside the proxy.
 */
export class ArchonDockerProxy extends pulumi.ComponentResource {
  readonly containerName: string;
  readonly networkName: pulumi.Output<string>;
  readonly network: docker.Network;
  readonly container: docker.Container;

  constructor(name: string, args: ArchonDockerProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:archon:ArchonDockerProxy", name, {}, opts);
    this.containerName = args.containerName ?? "archon-docker-proxy";
    this.network = new docker.Network(
      `${name}-network`,
      { name: args.networkName ?? "archon_docker_api", driver: "bridge", internal: true },
      { parent: this },
    );
    this.networkName = this.network.name;
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: this.containerName,
        image: args.image ?? DEFAULT_DOCKER_PROXY_IMAGE,
        restart: "unless-stopped",
        memory: args.memoryMb ?? 64,
        envs: envList({ ...DOCKER_PROXY_ACCESS }),
        volumes: [
          {
            hostPath: "/var/run/docker.sock",
            containerPath: "/var/run/docker.sock",
            readOnly: true,
          },
        ],
        networksAdvanced: [{ name: this.network.name }],
        // Busybox wget from the Alpine base; /version is one of the two sections left open.
        healthcheck: healthcheck(
          ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${DOCKER_PROXY_PORT}/version`],
          { interval: "30s", timeout: "5s", retries: 3, startPeriod: "5s" },
        ),
        wait: true,
        waitTimeout: 120,
      },
      { parent: this },
    );
    this.registerOutputs({ networkName: this.networkName });
  }
}
