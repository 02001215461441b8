import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { envList, healthcheck, loopbackPort } from "../toolbox/docker/containerSettings";
import { ArchonImageSource, ArchonService, archonServiceImage } from "./archonImages";
import { ArchonDockerProxy, DOCKER_PROXY_PORT } from "./archonDockerProxy";

/**
 * Which Archon the images hold. `upstream`: coleam00/Archon v1 (`archive/v1-stable`), which
 * authenticates nobody, so the edge must put a login in front of it. `self-authenticating`: a
 * fork with its own API-key middleware (seed 000's: `Authorization: Bearer`, `/api/auth/*`,
 * `ARCHON_BOOTSTRAP_SECRET`), which the edge passes through untouched.
 */
export type ArchonKind = "upstream" | "self-authenticating";

/** Host (and container) ports. Defaults: seed 000. */
export interface ArchonPorts {
  /** Default 8181. */
  readonly server: number;
  /** Default 8051. */
  readonly mcp: number;
  /** Default 3737. */
  readonly ui: number;
  /** Default 8052. */
  readonly agents: number;
}

export const DEFAULT_ARCHON_PORTS: ArchonPorts = {
  server: 8181,
  mcp: 8051,
  ui: 3737,
  agents: 8052,
};

/** Memory limit of each container, in MiB. Default: {@link DEFAULT_ARCHON_MEMORY_MB}. */
export type ArchonMemoryLimits = Readonly<Record<ArchonService, number>>;

/**
 * The limits on the 8 GB host seed 003 recommends; docs/contracts/archon.md says where each
 * number comes from. The stack derives smaller ones for smaller hosts (hostResourcesConfig).
 */
export const DEFAULT_ARCHON_MEMORY_MB: ArchonMemoryLimits = {
  server: 2048,
  mcp: 384,
  ui: 1024,
  agents: 768,
};

export interface ArchonAppArgs {
  /** The bridge network every container joins. */
  readonly networkName: pulumi.Input<string>;
  /**
   * Supabase's API as Archon reaches it from inside the network. Archon accepts plain http
   * only for localhost, host.docker.internal or a private IP literal (see archonSupabaseUrl).
   */
  readonly supabaseUrl: pulumi.Input<string>;
  readonly serviceRoleKey: pulumi.Input<string>;
  /** Read only by a self-authenticating fork (`SUPABASE_JWT_SECRET`); upstream v1 never does. */
  readonly jwtSecret?: pulumi.Input<string>;
  readonly images: ArchonImageSource;
  /** Default: `upstream`. */
  readonly kind?: ArchonKind;
  /**
   * The checkout's `migration/` folder on the Docker host, mounted read-only at
   * `/app/migration`, where Archon's "pending migrations" view reads it. Default: none.
   */
  readonly migrationPath?: string;
  /** Default: {@link DEFAULT_ARCHON_PORTS}. */
  readonly ports?: ArchonPorts;
  /** Default: {@link DEFAULT_ARCHON_MEMORY_MB}. */
  readonly memoryMb?: ArchonMemoryLimits;
  /** Run archon-agents (seed 000's `agents` profile). Default: false. */
  readonly agentsEnabled?: boolean;
  /**
   * The seed's development habits: source bind mounts from the checkout and uvicorn `--reload`.
   * Needs a build source. Default: false.
   */
  readonly devMode?: boolean;
  /**
   * archon-server reads MCP's status only through the Docker API. Give it that API through a
   * socket proxy that allows container reads alone, on an internal network; never the raw
   * socket. Default: the proxy with {@link ArchonDockerProxy}'s defaults; `false` leaves it out
   * (the UI's MCP page then shows an error).
   */
  readonly dockerProxy?: false | { readonly image?: string; readonly memoryMb?: number };
  /** Public hostname of the UI (`HOST`, and `ARCHON_HOST` of the server). Default: `localhost`. */
  readonly publicHost?: string;
  /** Hostnames Vite answers to (`VITE_ALLOWED_HOSTS`). Default: the public host and loopback. */
  readonly allowedHosts?: readonly string[];
  /** Default: `INFO`. */
  readonly logLevel?: string;
  readonly openaiApiKey?: pulumi.Input<string>;
  readonly logfireToken?: pulumi.Input<string>;
  /** Self-authenticating kind only. Default: a generated 32-character secret. */
  readonly bootstrapSecret?: pulumi.Input<string>;
  /** What must finish before images are built, e.g. the check of the checkout's ref. */
  readonly buildAfter?: pulumi.Resource[];
  /** Resources that must be ready (healthy) before archon-server starts. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

const HOST_GATEWAY = [{ host: "host.docker.internal", ip: "host-gateway" }];

/**
 * Archon's server, MCP server, UI and (optionally) agents as containers, wired as Archon's own
 * docker-compose.yml wires them (docs/contracts/archon.md), with production defaults: no source
 * mounts, no reload, and the Docker API only through a read-only proxy.
 */
export class ArchonApp extends pulumi.ComponentResource {
  readonly serverUrl: pulumi.Output<string>;
  readonly mcpUrl: pulumi.Output<string>;
  readonly uiUrl: pulumi.Output<string>;
  readonly agentsUrl: pulumi.Output<string | undefined>;
  /** Self-authenticating kind only. */
  readonly bootstrapSecret: pulumi.Output<string | undefined>;
  /** Service name -> container name. */
  readonly containerNames: pulumi.Output<Record<string, string>>;
  readonly server: docker.Container;
  readonly mcp: docker.Container;
  readonly ui: docker.Container;
  readonly agents?: docker.Container;
  readonly dockerProxy?: ArchonDockerProxy;

  constructor(name: string, args: ArchonAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:archon:ArchonApp", name, {}, opts);

    const ports = args.ports ?? DEFAULT_ARCHON_PORTS;
    const kind = args.kind ?? "upstream";
    const agentsEnabled = args.agentsEnabled ?? false;
    const devMode = args.devMode ?? false;
    const publicHost = args.publicHost ?? "localhost";
    const logLevel = args.logLevel ?? "INFO";
    const memory = args.memoryMb ?? DEFAULT_ARCHON_MEMORY_MB;
    if (devMode && args.images.kind !== "build") {
      throw new pulumi.ResourceError(
        "devMode mounts the source checkout, so it needs images built from a source path",
        this,
      );
    }
    if (kind === "self-authenticating" && args.jwtSecret === undefined) {
      throw new pulumi.ResourceError("a self-authenticating Archon needs jwtSecret", this);
    }
    const sourcePath = args.images.kind === "build" ? args.images.sourcePath : "";
    const child = { parent: this };
    const image = (service: ArchonService, port: number) =>
      archonServiceImage(name, service, args.images, port, this, args.buildAfter);
    const onNetwork = (alias: string) => [{ name: args.networkName, aliases: [alias] }];
    const sourceMount = (hostDir: string, containerPath: string) => ({
      hostPath: `${sourcePath}/${hostDir}`,
      containerPath,
    });

    const bootstrapSecret =
      kind === "self-authenticating"
        ? pulumi.secret(
            args.bootstrapSecret ??
              new random.RandomPassword(
                `${name}-bootstrap-secret`,
                { length: 32, special: false },
                child,
              ).result,
          )
        : undefined;
    this.bootstrapSecret = bootstrapSecret ?? pulumi.output(undefined);

    if (args.dockerProxy !== false) {
      this.dockerProxy = new ArchonDockerProxy(
        `${name}-docker-proxy`,
        { ...(args.dockerProxy ?? {}) },
        child,
      );
    }

    // What every Python service of Archon's compose file gets.
    const discovery = {
      SERVICE_DISCOVERY_MODE: "docker_compose",
      LOG_LEVEL: logLevel,
      LOGFIRE_TOKEN: args.logfireToken,
      ARCHON_SERVER_PORT: String(ports.server),
      ARCHON_AGENTS_PORT: String(ports.agents),
    };
    const database = { SUPABASE_URL: args.supabaseUrl, SUPABASE_SERVICE_KEY: args.serviceRoleKey };
    const forkOnly =
      kind === "self-authenticating"
        ? { SUPABASE_JWT_SECRET: args.jwtSecret, ARCHON_BOOTSTRAP_SECRET: bootstrapSecret }
        : {};

    const serverVolumes: docker.types.input.ContainerVolume[] = [];
    if (args.migrationPath) {
      serverVolumes.push({
        hostPath: args.migrationPath,
        containerPath: "/app/migration",
        readOnly: true,
      });
    }
    if (devMode) {
      serverVolumes.push(
        sourceMount("python/src", "/app/src"),
        sourceMount("python/tests", "/app/tests"),
      );
    }
    const serverNetworks = [
      ...onNetwork("archon-server"),
      ...(this.dockerProxy ? [{ name: this.dockerProxy.networkName }] : []),
    ];

    this.server = new docker.Container(
      `${name}-server`,
      {
        name: "archon-server",
        image: image("server", ports.server),
        restart: "unless-stopped",
        // Read by the policy pack's archon-behind-login: which Archon this is.
        labels: [{ label: "platform.archon.kind", value: kind }],
        memory: memory.server,
        envs: envList({
          ...database,
          OPENAI_API_KEY: args.openaiApiKey,
          ...discovery,
          ARCHON_MCP_PORT: String(ports.mcp),
          AGENTS_ENABLED: String(agentsEnabled),
          ARCHON_HOST: publicHost,
          // docker-py's from_env() reads DOCKER_HOST.
          DOCKER_HOST: this.dockerProxy
            ? `tcp://${this.dockerProxy.containerName}:${DOCKER_PROXY_PORT}`
            : undefined,
          ...forkOnly,
        }),
        // The image's CMD loads src.server.main:socket_app, which v1 no longer has.
        command: [
          "python",
          "-m",
          "uvicorn",
          "src.server.main:app",
          "--host",
          "0.0.0.0",
          "--port",
          String(ports.server),
          ...(devMode ? ["--reload"] : []),
        ],
        ports: [loopbackPort(ports.server, ports.server)],
        volumes: serverVolumes,
        hosts: HOST_GATEWAY,
        networksAdvanced: serverNetworks,
        healthcheck: healthcheck(
          [
            "CMD",
            "python",
            "-c",
            `import urllib.request; urllib.request.urlopen('http://localhost:${ports.server}/health')`,
          ],
          { interval: "30s", timeout: "10s", retries: 3, startPeriod: "40s" },
        ),
        wait: true,
        waitTimeout: 300,
      },
      {
        ...child,
        dependsOn: [
          ...(args.waitFor ?? []),
          ...(this.dockerProxy ? [this.dockerProxy.container] : []),
        ],
      },
    );

    if (agentsEnabled) {
      this.agents = new docker.Container(
        `${name}-agents`,
        {
          name: "archon-agents",
          image: image("agents", ports.agents),
          restart: "unless-stopped",
          memory: memory.agents,
          // No Supabase key: the agents read nothing of it; they take their credentials from
          // the server's /internal/credentials/agents. DOCKER_CONTAINER makes their MCP client
          // use http://archon-mcp:<ARCHON_MCP_PORT> (src/agents/mcp_client.py).
          envs: envList({
            OPENAI_API_KEY: args.openaiApiKey,
            ...discovery,
            ARCHON_MCP_PORT: String(ports.mcp),
            DOCKER_CONTAINER: "true",
            MCP_SERVICE_URL: `http://archon-mcp:${ports.mcp}`,
          }),
          ports: [loopbackPort(ports.agents, ports.agents)],
          hosts: HOST_GATEWAY,
          networksAdvanced: onNetwork("archon-agents"),
          healthcheck: healthcheck(
            [
              "CMD",
              "python",
              "-c",
              `import urllib.request; urllib.request.urlopen('http://localhost:${ports.agents}/health')`,
            ],
            { interval: "30s", timeout: "10s", retries: 3, startPeriod: "40s" },
          ),
          wait: true,
          waitTimeout: 300,
        },
        { ...child, dependsOn: args.waitFor },
      );
    }

    this.mcp = new docker.Container(
      `${name}-mcp`,
      {
        name: "archon-mcp",
        image: image("mcp", ports.mcp),
        restart: "unless-stopped",
        memory: memory.mcp,
        envs: envList({
          ...database,
          ...discovery,
          TRANSPORT: "sse",
          API_SERVICE_URL: `http://archon-server:${ports.server}`,
          AGENTS_ENABLED: String(agentsEnabled),
          AGENTS_SERVICE_URL: `http://archon-agents:${ports.agents}`,
          ARCHON_MCP_PORT: String(ports.mcp),
        }),
        ports: [loopbackPort(ports.mcp, ports.mcp)],
        hosts: HOST_GATEWAY,
        networksAdvanced: onNetwork("archon-mcp"),
        healthcheck: healthcheck(
          [
            "CMD",
            "python",
            "-c",
            `import socket; s=socket.socket(); s.connect(('localhost', ${ports.mcp})); s.close()`,
          ],
          { interval: "30s", timeout: "10s", retries: 3, startPeriod: "60s" },
        ),
        wait: true,
        waitTimeout: 300,
      },
      { ...child, dependsOn: this.agents ? [this.server, this.agents] : [this.server] },
    );

    const allowedHosts = args.allowedHosts ?? [publicHost, "localhost", "127.0.0.1"];
    this.ui = new docker.Container(
      `${name}-ui`,
      {
        name: "archon-ui",
        image: image("ui", 3737),
        restart: "unless-stopped",
        memory: memory.ui,
        envs: envList({
          VITE_ARCHON_SERVER_PORT: String(ports.server),
          ARCHON_SERVER_PORT: String(ports.server),
          HOST: publicHost,
          PROD: String(!devMode),
          VITE_ALLOWED_HOSTS: allowedHosts.join(","),
          VITE_SHOW_DEVTOOLS: "false",
          DOCKER_ENV: "true",
        }),
        ports: [loopbackPort(3737, ports.ui)],
        volumes: devMode
          ? [
              sourceMount("archon-ui-main/src", "/app/src"),
              sourceMount("archon-ui-main/public", "/app/public"),
            ]
          : [],
        hosts: HOST_GATEWAY,
        networksAdvanced: onNetwork("archon-ui"),
        healthcheck: healthcheck(["CMD", "curl", "-f", "http://localhost:3737"], {
          interval: "30s",
          timeout: "10s",
          retries: 3,
        }),
        wait: true,
        waitTimeout: 300,
      },
      { ...child, dependsOn: [this.server] },
    );

    this.serverUrl = pulumi.output(`http://127.0.0.1:${ports.server}`);
    this.mcpUrl = pulumi.output(`http://127.0.0.1:${ports.mcp}`);
    this.uiUrl = pulumi.output(`http://127.0.0.1:${ports.ui}`);
    this.agentsUrl = pulumi.output(agentsEnabled ? `http://127.0.0.1:${ports.agents}` : undefined);

    const containers: Record<string, docker.Container> = {
      server: this.server,
      mcp: this.mcp,
      ui: this.ui,
      ...(this.agents ? { agents: this.agents } : {}),
    };
    this.containerNames = pulumi
      .all(Object.fromEntries(Object.entries(containers).map(([k, c]) => [k, c.name])))
      .apply((names) => names as Record<string, string>);

    this.registerOutputs({
      serverUrl: this.serverUrl,
      mcpUrl: this.mcpUrl,
      uiUrl: this.uiUrl,
      agentsUrl: this.agentsUrl,
      bootstrapSecret: this.bootstrapSecret,
      containerNames: this.containerNames,
    });
  }
}
