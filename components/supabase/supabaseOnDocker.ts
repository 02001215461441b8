import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { envList, healthcheck, loopbackPort } from "../docker/containerSettings";
import { DEFAULT_SUPABASE_IMAGES } from "./images";
import { renderKongConfig } from "./kongConfig";
import { DEFAULT_POSTGRES_SETTINGS, postgresCommand } from "./postgresCommand";
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
  /** Container names are `<prefix>postgres`, `<prefix>kong`, ... Default: `supabase-`. */
  readonly containerNamePrefix?: string;
  /** Default: {@link DEFAULT_SUPABASE_HOST_PORTS}. */
  readonly hostPorts?: SupabaseHostPorts;
  /** Named volume for Postgres data; never deleted by Pulumi. Default: `supabase_postgres_data`. */
  readonly postgresVolumeName?: string;
}

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
  readonly postgres: docker.Container;
  readonly rest: docker.Container;
  readonly kong: docker.Container;
  readonly meta: docker.Container;
  readonly studio: docker.Container;
}

const POSTGRES_USER = "postgres";
const POSTGRES_DB = "postgres";

/**
 * The trimmed self-hosted Supabase of seed 000 as containers: Postgres, PostgREST, Kong,
 * postgres-meta and Studio. Each service waits until what it needs is healthy; Kong, Postgres and
 * Studio publish on 127.0.0.1 only; Postgres data lives on a volume Pulumi never deletes.
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
  const settings = args.postgresSettings ?? DEFAULT_POSTGRES_SETTINGS;
  const memory = args.memoryMb ?? DEFAULT_SUPABASE_MEMORY_MB;

  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(target.kongAddress)) {
    throw new pulumi.ResourceError(
      `target.kongAddress must be an IPv4 address, got "${target.kongAddress}"`,
      parent,
    );
  }

  const onNetwork = (alias: string, ipv4Address?: string) => [
    { name: target.networkName, aliases: [alias], ipv4Address },
  ];
  const child = { parent };

  const postgresVolume = new docker.Volume(
    `${name}-postgres-data`,
    { name: target.postgresVolumeName ?? "supabase_postgres_data" },
    // Protect refuses a destroy that would take the data; retain keeps the volume even after
    // the protection is lifted on purpose.
    { ...child, protect: true, retainOnDelete: true },
  );

  const dbUri = pulumi.interpolate`postgresql://${POSTGRES_USER}:${creds.postgresPassword}@postgres:5432/${POSTGRES_DB}`;

  const postgres = new docker.Container(
    `${name}-postgres`,
    {
      name: `${prefix}postgres`,
      image: images.postgres,
      restart: "unless-stopped",
      memory: memory.postgres,
      command: postgresCommand(settings),
      // Parallel queries use /dev/shm; Docker's 64 MiB default is too small for them.
      shmSize: 256,
      envs: envList({
        POSTGRES_PASSWORD: creds.postgresPassword,
        POSTGRES_USER,
        POSTGRES_DB,
        POSTGRES_HOST: "/var/run/postgresql",
        JWT_SECRET: creds.jwtSecret,
        JWT_EXP: jwtExpiry,
      }),
      ports: [loopbackPort(5432, ports.postgres)],
      volumes: [{ volumeName: postgresVolume.name, containerPath: "/var/lib/postgresql/data" }],
      networksAdvanced: onNetwork("postgres"),
      healthcheck: healthcheck(["CMD-SHELL", "pg_isready -U postgres"], {
        interval: "10s",
        timeout: "5s",
        retries: 5,
      }),
      wait: true,
      waitTimeout: 300,
    },
    child,
  );

  const rest = new docker.Container(
    `${name}-rest`,
    {
      name: `${prefix}rest`,
      image: images.rest,
      restart: "unless-stopped",
      memory: memory.rest,
      envs: envList({
        PGRST_DB_URI: dbUri,
        PGRST_DB_SCHEMAS: "public,storage,graphql_public",
        PGRST_DB_ANON_ROLE: "anon",
        PGRST_JWT_SECRET: creds.jwtSecret,
        PGRST_DB_USE_LEGACY_GUCS: "false",
        PGRST_APP_SETTINGS_JWT_SECRET: creds.jwtSecret,
        PGRST_APP_SETTINGS_JWT_EXP: jwtExpiry,
        // The image has no shell; `postgrest --ready` asks this admin port instead.
        PGRST_ADMIN_SERVER_PORT: "3001",
      }),
      networksAdvanced: onNetwork("rest"),
      healthcheck: healthcheck(["CMD", "postgrest", "--ready"], {
        interval: "10s",
        timeout: "5s",
        retries: 5,
      }),
      wait: true,
    },
    { ...child, dependsOn: [postgres] },
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
        PG_META_DB_NAME: POSTGRES_DB,
        PG_META_DB_USER: POSTGRES_USER,
        PG_META_DB_PASSWORD: creds.postgresPassword,
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
    { ...child, dependsOn: [postgres] },
  );

  const kongConfig = pulumi.secret(
    pulumi
      .all([creds.anonKey, creds.serviceRoleKey])
      .apply(([anonKey, serviceRoleKey]) =>
        renderKongConfig({ restUrl: "http://rest:3000", anonKey, serviceRoleKey }),
      ),
  );

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
        SUPABASE_ANON_KEY: creds.anonKey,
        SUPABASE_SERVICE_KEY: creds.serviceRoleKey,
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
    `postgresql://${POSTGRES_USER}@127.0.0.1:${ports.postgres}/${POSTGRES_DB}`,
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
        POSTGRES_PASSWORD: creds.postgresPassword,
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
    postgres,
    rest,
    kong,
    meta,
    studio,
  };
}
