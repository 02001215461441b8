import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { envList, healthcheck, loopbackPort } from "../toolbox/docker/containerSettings";
import { DEFAULT_SUPABASE_IMAGES } from "./images";
import { renderKongConfig } from "./kongConfig";
import { DEFAULT_POSTGRES_SETTINGS, postgresCommand } from "./postgresCommand";
import {
  CONFIG_DIR,
  DATA_DIR,
  POSTGRES_READY_COMMAND,
  POSTGREST_LOGIN_ROLE,
  renderRolePasswordsCommand,
  renderRolesInitSql,
  ROLES_INIT_SCRIPT,
  SOCKET_DIR,
  SUPABASE_DATABASE,
  SUPABASE_SUPERUSER,
} from "./postgresImageContract";
import type { SupabaseStackArgs } from "./supabaseStack";

/** Host ports, each published on 127.0.0.1 only. Defaults: seed 003's port table. */
export interface SupabaseHostPorts {
  /** Default 54321. */
  readonly kong: number;
  /** Default 54322. */
  readonly postgres: number;
  /** Default 54323. */
  readonly studio: number;
}

export const DEFAULT_SUPABASE_HOST_PORTS: SupabaseHostPorts = {
  kong: 54321,
  postgres: 54322,
  studio: 54323,
};

/** Run the services as containers on one Docker host. */
export interface SupabaseDockerTarget {
  readonly kind: "docker";
  /** The bridge network every container joins. */
  readonly networkName: pulumi.Input<string>;
  /**
   * Kong's fixed IPv4 address inside that network. Clients that accept plain http only for
   * private IP literals (Archon) reach Kong through it.
   */
  readonly kongAddress: string;
  /**
   * The Docker daemon (`DOCKER_HOST`) the role-password step talks to with `docker exec`.
   * Default: the environment's.
   */
  readonly dockerHost?: string;
  /** Container names are `<prefix>postgres`, `<prefix>kong`, ... Default: `supabase-`. */
  readonly containerNamePrefix?: string;
  /** Default: {@link DEFAULT_SUPABASE_HOST_PORTS}. */
  readonly hostPorts?: SupabaseHostPorts;
  /** Named volume for Postgres data; never deleted by Pulumi. Default: `supabase_postgres_data`. */
  readonly postgresVolumeName?: string;
  /**
   * Named volume for `/etc/postgresql-custom` (the Vault root key); never deleted by Pulumi.
   * Default: `supabase_postgres_config`.
   */
  readonly postgresConfigVolumeName?: string;
}

/** PostgREST's admin server (`/live`, `/ready`), reachable only inside the network. */
export const POSTGREST_ADMIN_PORT = 3001;

/** Memory limit of each container, in MiB. Default: {@link DEFAULT_SUPABASE_MEMORY_MB}. */
export type SupabaseMemoryLimits = Readonly<
  Record<"postgres" | "rest" | "kong" | "meta" | "studio", number>
>;

export const DEFAULT_SUPABASE_MEMORY_MB: SupabaseMemoryLimits = {
  postgres: 3072,
  rest: 128,
  kong: 384,
  meta: 128,
  studio: 512,
};

/** What SupabaseStack runs on a Docker host. */
export interface SupabaseOnDocker {
  /** Kong inside the network, by its fixed address (http, a private IP literal). */
  readonly internalApiUrl: pulumi.Output<string>;
  /** Kong on the host's loopback. */
  readonly apiUrl: pulumi.Output<string>;
  readonly studioUrl: pulumi.Output<string>;
  readonly postgresUrl: pulumi.Output<string>;
  /** Service name -> container name. */
  readonly containerNames: pulumi.Output<Record<string, string>>;
  /** The rendered kong.yml (a secret: it holds both API keys). */
  readonly kongConfig: pulumi.Output<string>;
  readonly postgresVolume: docker.Volume;
  /** `/etc/postgresql-custom`: the image's config includes and the pgsodium/Vault root key. */
  readonly postgresConfigVolume: docker.Volume;
  readonly postgres: docker.Container;
  /** Sets the login roles' passwords on every Postgres container change (see below). */
  readonly rolePasswords: command.local.Command;
  readonly rest: docker.Container;
  readonly kong: docker.Container;
  readonly meta: docker.Container;
  readonly studio: docker.Container;
}

/**
 * The trimmed self-hosted Supabase of seed 000 as containers: Postgres, PostgREST, Kong,
 * postgres-meta and Studio, each as its image expects to be run (docs/contracts/supabase.md).
 * Services start after what they need is healthy; Kong, Postgres and Studio publish on
 * 127.0.0.1 only; Postgres data and its config directory (the Vault root key) live on volumes
 * Pulumi never deletes.
 */
export function deploySupabaseOnDocker(
  parent: pulumi.ComponentResource,
  name: string,
  args: SupabaseStackArgs,
  target: SupabaseDockerTarget,
): SupabaseOnDocker {
  const images = args.images ?? DEFAULT_SUPABASE_IMAGES;
  const ports = target.hostPorts ?? DEFAULT_SUPABASE_HOST_PORTS;
  const prefix = target.containerNamePrefix ?? "supabase-";
  const jwtExpiry = String(args.jwtExpirySeconds ?? 3600);
  const creds = args.credentials;
  const memory = args.memoryMb ?? DEFAULT_SUPABASE_MEMORY_MB;

  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(target.kongAddress)) {
    throw new pulumi.ResourceError(
      `target.kongAddress must be an IPv4 address, got "${target.kongAddress}"`,
      parent,
    );
  }
  let serverCommand: string[];
  try {
    serverCommand = postgresCommand(args.postgresSettings ?? DEFAULT_POSTGRES_SETTINGS);
  } catch (error) {
    throw new pulumi.ResourceError((error as Error).message, parent);
  }

  const onNetwork = (alias: string, ipv4Address?: string) => [
    { name: target.networkName, aliases: [alias], ipv4Address },
  ];
  const child = { parent };
  // Protect refuses a destroy that would take the data; retain keeps the volume even after the
  // protection is lifted on purpose.
  const keep = { ...child, protect: true, retainOnDelete: true };

  const postgresVolume = new docker.Volume(
    `${name}-postgres-data`,
    { name: target.postgresVolumeName ?? "supabase_postgres_data" },
    keep,
  );
  // Docker fills an empty named volume from the image's directory, so the image's config
  // includes land here too, and the root key the image generates on first start stays with them.
  const postgresConfigVolume = new docker.Volume(
    `${name}-postgres-config`,
    { name: target.postgresConfigVolumeName ?? "supabase_postgres_config" },
    keep,
  );

  const postgres = new docker.Container(
    `${name}-postgres`,
    {
      name: `${prefix}postgres`,
      image: images.postgres,
      restart: "unless-stopped",
      memory: memory.postgres,
      command: serverCommand,
      // Parallel queries use /dev/shm; Docker's 64 MiB default is too small for them.
      shmSize: 256,
      // No POSTGRES_USER: the image initializes as its own superuser (supabase_admin).
      envs: envList({
        POSTGRES_PASSWORD: creds.postgresPassword,
        POSTGRES_DB: SUPABASE_DATABASE,
        POSTGRES_HOST: SOCKET_DIR,
      }),
      uploads: [{ file: ROLES_INIT_SCRIPT, content: renderRolesInitSql(), permissions: "0444" }],
      ports: [loopbackPort(5432, ports.postgres)],
      volumes: [
        { volumeName: postgresVolume.name, containerPath: DATA_DIR },
        { volumeName: postgresConfigVolume.name, containerPath: CONFIG_DIR },
      ],
      networksAdvanced: onNetwork("postgres"),
      healthcheck: healthcheck(["CMD", ...POSTGRES_READY_COMMAND], {
        interval: "10s",
        timeout: "5s",
        retries: 5,
        // First boot runs the image's migrations before the real server listens.
        startPeriod: "60s",
      }),
      wait: true,
      waitTimeout: 300,
    },
    child,
  );

  // The image runs init scripts on an empty volume only. Running the same script again after
  // every Postgres container change (new image, new password) keeps the login roles' passwords
  // equal to the stack's on an existing database too; the image trusts TCP from localhost.
  const rolePasswords = new command.local.Command(
    `${name}-role-passwords`,
    {
      create: pulumi.interpolate`docker exec ${postgres.name} ${renderRolePasswordsCommand()}`,
      interpreter: ["/bin/bash", "-c"],
      environment: target.dockerHost ? { DOCKER_HOST: target.dockerHost } : undefined,
      triggers: [postgres.id],
    },
    { ...child, dependsOn: [postgres] },
  );

  const connect = (role: string) =>
    pulumi.interpolate`postgresql://${role}:${creds.postgresPassword}@postgres:5432/${SUPABASE_DATABASE}`;

  // PostgREST's image is one static binary: no shell and no HTTP client, so Docker cannot run a
  // health check in it. Its admin server answers /ready once the schema cache is loaded; the
  // post-deploy checks ask it, and Kong routes to it by name whenever it comes up.
  const rest = new docker.Container(
    `${name}-rest`,
    {
      name: `${prefix}rest`,
      image: images.rest,
      restart: "unless-stopped",
      memory: memory.rest,
      envs: envList({
        PGRST_DB_URI: connect(POSTGREST_LOGIN_ROLE),
        PGRST_DB_SCHEMAS: "public,storage,graphql_public",
        PGRST_DB_ANON_ROLE: "anon",
        PGRST_JWT_SECRET: creds.jwtSecret,
        PGRST_DB_USE_LEGACY_GUCS: "false",
        PGRST_APP_SETTINGS_JWT_SECRET: creds.jwtSecret,
        PGRST_APP_SETTINGS_JWT_EXP: jwtExpiry,
        PGRST_ADMIN_SERVER_PORT: String(POSTGREST_ADMIN_PORT),
      }),
      networksAdvanced: onNetwork("rest"),
    },
    { ...child, dependsOn: [postgres, rolePasswords] },
  );

  const meta = new docker.Container(
    `${name}-meta`,
    {
      name: `${prefix}meta`,
      image: images.meta,
      restart: "unless-stopped",
      memory: memory.meta,
      envs: envList({
        PG_META_PORT: "8080",
        PG_META_DB_HOST: "postgres",
        PG_META_DB_PORT: "5432",
        PG_META_DB_NAME: SUPABASE_DATABASE,
        PG_META_DB_USER: SUPABASE_SUPERUSER,
        PG_META_DB_PASSWORD: creds.postgresPassword,
        CRYPTO_KEY: creds.pgMetaCryptoKey,
      }),
      networksAdvanced: onNetwork("meta"),
      healthcheck: healthcheck(
        [
          "CMD",
          "node",
          "-e",
          "require('net').connect(8080,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))",
        ],
        { interval: "10s", timeout: "5s", retries: 5 },
      ),
      wait: true,
    },
    { ...child, dependsOn: [postgres, rolePasswords] },
  );

  const kongConfig = pulumi.secret(
    pulumi
      .all([creds.anonKey, creds.serviceRoleKey])
      .apply(([anonKey, serviceRoleKey]) =>
        renderKongConfig({ restUrl: "http://rest:3000", anonKey, serviceRoleKey }),
      ),
  );

  // The keys reach Kong only in the rendered kong.yml; upstream's entrypoint templating, which
  // reads them from the environment, is not used.
  const kong = new docker.Container(
    `${name}-kong`,
    {
      name: `${prefix}kong`,
      image: images.kong,
      restart: "unless-stopped",
      memory: memory.kong,
      envs: envList({
        KONG_DATABASE: "off",
        KONG_DECLARATIVE_CONFIG: "/home/kong/kong.yml",
        KONG_DNS_ORDER: "LAST,A,CNAME",
        KONG_PLUGINS: "request-transformer,cors,key-auth,acl",
      }),
      uploads: [{ file: "/home/kong/kong.yml", content: kongConfig, permissions: "0444" }],
      ports: [loopbackPort(8000, ports.kong)],
      networksAdvanced: onNetwork("kong", target.kongAddress),
      healthcheck: healthcheck(["CMD", "kong", "health"], {
        interval: "10s",
        timeout: "10s",
        retries: 5,
      }),
      wait: true,
    },
    { ...child, dependsOn: [postgres, rest] },
  );

  const apiUrl = pulumi.output(`http://127.0.0.1:${ports.kong}`);
  const internalApiUrl = pulumi.output(`http://${target.kongAddress}:8000`);
  const studioUrl = pulumi.output(`http://127.0.0.1:${ports.studio}`);
  const postgresUrl = pulumi.output(
    `postgresql://${SUPABASE_SUPERUSER}@127.0.0.1:${ports.postgres}/${SUPABASE_DATABASE}`,
  );

  const studio = new docker.Container(
    `${name}-studio`,
    {
      name: `${prefix}studio`,
      image: images.studio,
      restart: "unless-stopped",
      memory: memory.studio,
      envs: envList({
        SUPABASE_URL: "http://kong:8000",
        SUPABASE_PUBLIC_URL: args.publicUrl ?? apiUrl,
        STUDIO_PG_META_URL: "http://meta:8080",
        // Studio builds the connection string it hands postgres-meta from these; its default
        // host is upstream's service name `db`, which does not exist here.
        POSTGRES_HOST: "postgres",
        POSTGRES_PORT: "5432",
        POSTGRES_DB: SUPABASE_DATABASE,
        POSTGRES_PASSWORD: creds.postgresPassword,
        PG_META_CRYPTO_KEY: creds.pgMetaCryptoKey,
        SUPABASE_ANON_KEY: creds.anonKey,
        SUPABASE_SERVICE_KEY: creds.serviceRoleKey,
        AUTH_JWT_SECRET: creds.jwtSecret,
      }),
      ports: [loopbackPort(3000, ports.studio)],
      networksAdvanced: onNetwork("studio"),
      // Next.js binds to the container's hostname, not to localhost (seed 003).
      healthcheck: healthcheck(
        [
          "CMD",
          "node",
          "-e",
          "require('http').get('http://'+require('os').hostname()+':3000/api/platform/profile',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))",
        ],
        { interval: "10s", timeout: "10s", retries: 5, startPeriod: "30s" },
      ),
      wait: true,
    },
    { ...child, dependsOn: [kong, meta] },
  );

  const containerNames = pulumi
    .all([postgres.name, rest.name, kong.name, meta.name, studio.name])
    .apply(([postgres, rest, kong, meta, studio]): Record<string, string> => ({
      postgres,
      rest,
      kong,
      meta,
      studio,
    }));

  return {
    internalApiUrl,
    apiUrl,
    studioUrl,
    postgresUrl,
    containerNames,
    kongConfig,
    postgresVolume,
    postgresConfigVolume,
    postgres,
    rolePasswords,
    rest,
    kong,
    meta,
    studio,
  };
}
