import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { envList, healthcheck, loopbackPort } from "../docker/containerSettings";
import { ArchonImageSource, ArchonService, archonServiceImage } from "./archonImages";

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

export const DEFAULT_ARCHON_MEMORY_MB: ArchonMemoryLimits = {
  server: 1024,
  mcp: 384,
  ui: 256,
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
  readonly jwtSecret: pulumi.Input<string>;
  readonly images: ArchonImageSource;
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
   * Mount the Docker socket (read-only) into archon-server so it can watch the MCP container.
   * Default: false (Archon then monitors MCP over HTTP).
   */
  readonly mountDockerSocket?: boolean;
  /** Public hostname of the UI (`HOST`). Default: `localhost`. */
  readonly publicHost?: string;
  /** Hostnames Vite answers to (`VITE_ALLOWED_HOSTS`). Default: the public host and loopback. */
  readonly allowedHosts?: readonly string[];
  /** Default: `INFO`. */
  readonly logLevel?: string;
  readonly openaiApiKey?: pulumi.Input<string>;
  readonly logfireToken?: pulumi.Input<string>;
  /** Default: a generated 32-character secret. */
  readonly bootstrapSecret?: pulumi.Input<string>;
  /** Resources that must be ready (healthy) before archon-server starts. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

const HOST_GATEWAY = [{ host: "host.docker.internal", ip: "host-gateway" }];

/**
 * Archon's server, MCP server, UI and (optionally) agents as containers, wired as in seed 000
 * with production defaults: no source mounts, no reload, no Docker socket unless asked for.
 */
export class ArchonApp extends pulumi.ComponentResource {
  readonly serverUrl: pulumi.Output<string>;
  readonly mcpUrl: pulumi.Output<string>;
  readonly uiUrl: pulumi.Output<string>;
  readonly agentsUrl: pulumi.Output<string | undefined>;
  readonly bootstrapSecret: pulumi.Output<string>;
  /** Service name -> container name. */
  readonly containerNames: pulumi.Output<Record<string, string>>;
  readonly server: docker.Container;
  readonly mcp: docker.Container;
  readonly ui: docker.Container;
  readonly agents?: docker.Container;

  constructor(name: string, args: ArchonAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:archon:ArchonApp", name, {}, opts);

    const ports = args.ports ?? DEFAULT_ARCHON_PORTS;
    const agentsEnabled = args.agentsEnabled ?? false;
    const devMode = args.devMode ?? false;
    const mountDockerSocket = args.mountDockerSocket ?? false;
    const publicHost = args.publicHost ?? "localhost";
    const logLevel = args.logLevel ?? "INFO";
    const memory = args.memoryMb ?? DEFAULT_ARCHON_MEMORY_MB;
    if (devMode && args.images.kind !== "build") {
      throw new pulumi.ResourceError(
        "devMode mounts the source checkout, so it needs images built from a source path",
        this,
      );
    }
    const sourcePath = args.images.kind === "build" ? args.images.sourcePath : "";
    const child = { parent: this };
    const image = (service: ArchonService, port: number) =>
      archonServiceImage(name, service, args.images, port, this);
    const onNetwork = (alias: string) => [{ name: args.networkName, aliases: [alias] }];
    const sourceMount = (hostDir: string, containerPath: string) => ({
      hostPath: `${sourcePath}/${hostDir}`,
      containerPath,
    });

    this.bootstrapSecret = pulumi.secret(
      args.bootstrapSecret ??
        new random.RandomPassword(`${name}-bootstrap-secret`, { length: 32, special: false }, child)
          .result,
    );

    const discovery = {
      SERVICE_DISCOVERY_MODE: "docker_compose",
      LOG_LEVEL: logLevel,
      LOGFIRE_TOKEN: args.logfireToken,
      ARCHON_SERVER_PORT: String(ports.server),
      ARCHON_MCP_PORT: String(ports.mcp),
      ARCHON_AGENTS_PORT: String(ports.agents),
      AGENTS_ENABLED: String(agentsEnabled),
    };
    const database = { SUPABASE_URL: args.supabaseUrl, SUPABASE_SERVICE_KEY: args.serviceRoleKey };

    const serverVolumes: docker.types.input.ContainerVolume[] = [];
    if (mountDockerSocket) {
      serverVolumes.push({
        hostPath: "/var/run/docker.sock",
        containerPath: "/var/run/docker.sock",
        readOnly: true,
      });
    }
    if (devMode) {
      serverVolumes.push(
        sourceMount("python/src", "/app/src"),
        sourceMount("python/tests", "/app/tests"),
        sourceMount("migration", "/app/migration"),
      );
    }

    this.server = new docker.Container(
      `${name}-server`,
      {
        name: "archon-server",
        image: image("server", ports.server),
        restart: "unless-stopped",
        memory: memory.server,
        envs: envList({
          ...database,
          ...discovery,
          SUPABASE_JWT_SECRET: args.jwtSecret,
          OPENAI_API_KEY: args.openaiApiKey,
          ARCHON_BOOTSTRAP_SECRET: this.bootstrapSecret,
          ENABLE_DOCKER_SOCKET_MONITORING: String(mountDockerSocket),
        }),
        command: devMode
          ? [
              "python",
              "-m",
              "uvicorn",
              "src.server.main:app",
              "--host",
              "0.0.0.0",
              "--port",
              String(ports.server),
              "--reload",
            ]
          : undefined,
        ports: [loopbackPort(ports.server, ports.server)],
        volumes: serverVolumes,
        hosts: HOST_GATEWAY,
        networksAdvanced: onNetwork("archon-server"),
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
      { ...child, dependsOn: args.waitFor },
    );

    if (agentsEnabled) {
      this.agents = new docker.Container(
        `${name}-agents`,
        {
          name: "archon-agents",
          image: image("agents", ports.agents),
          restart: "unless-stopped",
          memory: memory.agents,
          envs: envList({ ...database, ...discovery, OPENAI_API_KEY: args.openaiApiKey }),
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
          AGENTS_SERVICE_URL: `http://archon-agents:${ports.agents}`,
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
