import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerResources, plainEnv } from "../../toolbox/workloads/containers";
import { redisMaxMemory } from "../../toolbox/workloads/quantity";
import {
  ServiceWorkload,
  serviceWorkload,
  ServiceWorkloadSpec,
} from "../../toolbox/workloads/serviceWorkload";
import type { AppFlowyParts } from "./appflowyStack";
import {
  APPFLOWY_DATABASE,
  AppFlowyEnv,
  AppFlowyServiceKey,
  PART_OF,
  size,
} from "./appflowyWiring";

/** What the services mount and wait for: the Secret, the data claims and PostgreSQL's init. */
export interface AppFlowyData {
  readonly secret: kubernetes.core.v1.Secret;
  readonly postgresClaim: kubernetes.core.v1.PersistentVolumeClaim;
  readonly minioClaim: kubernetes.core.v1.PersistentVolumeClaim;
  readonly initScripts: kubernetes.core.v1.ConfigMap;
}

export type AppFlowyServices = Readonly<Record<AppFlowyServiceKey, ServiceWorkload>>;

/**
 * The eight services in seed 004's order, each waiting for the one before to be ready and for
 * the services it talks to.
 */
export function appflowyServices(
  parts: AppFlowyParts,
  env: AppFlowyEnv,
  data: AppFlowyData,
): AppFlowyServices {
  let previous: pulumi.Resource[] = [data.secret];
  const start = (
    suffix: string,
    spec: ServiceWorkloadSpec,
    extra: pulumi.Resource[] = [],
  ): ServiceWorkload => {
    const service = serviceWorkload(`${parts.name}-${suffix}`, spec, {
      parent: parts.parent,
      dependsOn: [...previous, ...extra],
    });
    previous = [service.workload];
    return service;
  };
  const postgres = start("postgres", postgresSpec(parts, env, data), [
    data.postgresClaim,
    data.initScripts,
  ]);
  const redis = start("redis", redisSpec(parts));
  const minio = start("minio", minioSpec(parts, env, data), [data.minioClaim]);
  const gotrue = start("gotrue", gotrueSpec(parts, env), [postgres.workload]);
  const cloud = start("cloud", cloudSpec(parts, env), [
    postgres.workload,
    redis.workload,
    minio.workload,
  ]);
  const worker = start("worker", workerSpec(parts, env));
  const web = start("web", webSpec(parts));
  const adminFrontend = start("admin-frontend", adminFrontendSpec(parts), [gotrue.workload]);
  return { postgres, redis, minio, gotrue, cloud, worker, web, adminFrontend };
}

const resourcesFor = (
  parts: AppFlowyParts,
  key: AppFlowyServiceKey,
  fallback: ContainerResources,
): ContainerResources => parts.args.resources?.[key] ?? fallback;

/** 1. PostgreSQL with pgvector. */
function postgresSpec(
  parts: AppFlowyParts,
  env: AppFlowyEnv,
  data: AppFlowyData,
): ServiceWorkloadSpec {
  const db = APPFLOWY_DATABASE;
  return {
    kind: "StatefulSet",
    name: db.serviceName,
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.postgres,
    ports: [{ name: "postgres", port: 5432 }],
    env: [...plainEnv({ POSTGRES_USER: db.user, POSTGRES_DB: db.database }), env.dbPassword],
    resources: resourcesFor(parts, "postgres", size(["250m", "2"], ["512Mi", "2Gi"])),
    health: {
      kind: "exec",
      command: ["pg_isready", "-U", db.user, "-d", db.database, "-h", "127.0.0.1"],
    },
    startupSeconds: 600,
    volumes: [
      {
        name: "data",
        persistentVolumeClaim: { claimName: data.postgresClaim.metadata.name },
      },
      { name: "init", configMap: { name: data.initScripts.metadata.name } },
    ],
    volumeMounts: [
      { name: "data", mountPath: "/var/lib/postgresql/data", subPath: "pgdata" },
      { name: "init", mountPath: "/docker-entrypoint-initdb.d", readOnly: true },
    ],
  };
}

/** 2. Redis: queues and collaboration streams; nothing in it outlives a restart by design. */
function redisSpec(parts: AppFlowyParts): ServiceWorkloadSpec {
  const resources = resourcesFor(parts, "redis", size(["50m", "500m"], ["64Mi", "512Mi"]));
  return {
    kind: "Deployment",
    name: "appflowy-redis",
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.redis,
    // Below the container's limit, so Redis evicts before the kernel kills it; only keys
    // with a TTL (caches) are evicted, never the collaboration streams and queues.
    args: [
      "--maxmemory",
      redisMaxMemory(resources.limits.memory),
      "--maxmemory-policy",
      "volatile-lru",
    ],
    ports: [{ name: "redis", port: 6379 }],
    resources,
    health: { kind: "exec", command: ["redis-cli", "ping"] },
    volumes: [{ name: "data", emptyDir: {} }],
    volumeMounts: [{ name: "data", mountPath: "/data" }],
  };
}

/** 3. MinIO: files and attachments. */
function minioSpec(
  parts: AppFlowyParts,
  env: AppFlowyEnv,
  data: AppFlowyData,
): ServiceWorkloadSpec {
  return {
    kind: "Deployment",
    name: "appflowy-minio",
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.minio,
    args: ["server", "/data", "--console-address", ":9001"],
    ports: [
      { name: "api", port: 9000 },
      { name: "console", port: 9001 },
    ],
    env: [
      env.fromSecret("MINIO_ROOT_USER", "APPFLOWY_S3_ACCESS_KEY"),
      env.fromSecret("MINIO_ROOT_PASSWORD", "APPFLOWY_S3_SECRET_KEY"),
    ],
    resources: resourcesFor(parts, "minio", size(["100m", "1"], ["256Mi", "1Gi"])),
    health: { kind: "http", path: "/minio/health/live", port: 9000 },
    readiness: { kind: "http", path: "/minio/health/ready", port: 9000 },
    volumes: [
      { name: "data", persistentVolumeClaim: { claimName: data.minioClaim.metadata.name } },
    ],
    volumeMounts: [{ name: "data", mountPath: "/data", subPath: "minio" }],
  };
}

/** 4. GoTrue: accounts and tokens, in the `auth` schema of AppFlowy's database. */
function gotrueSpec(parts: AppFlowyParts, env: AppFlowyEnv): ServiceWorkloadSpec {
  return {
    kind: "Deployment",
    name: "appflowy-gotrue",
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.gotrue,
    ports: [{ name: "http", port: 9999 }],
    env: [
      env.dbPassword,
      ...plainEnv({ GOTRUE_ADMIN_EMAIL: parts.args.adminEmail }),
      env.fromSecret("GOTRUE_ADMIN_PASSWORD"),
      ...plainEnv({
        GOTRUE_DISABLE_SIGNUP: String(parts.args.disableSignup ?? true),
        GOTRUE_SITE_URL: "appflowy-flutter://",
        GOTRUE_URI_ALLOW_LIST: "**",
      }),
      env.fromSecret("GOTRUE_JWT_SECRET"),
      ...plainEnv({
        GOTRUE_JWT_EXP: "604800",
        GOTRUE_JWT_ADMIN_GROUP_NAME: "supabase_admin",
        GOTRUE_DB_DRIVER: "postgres",
        API_EXTERNAL_URL: parts.urls.external.gotrue,
        DATABASE_URL: `${parts.urls.internal.database}?search_path=auth`,
        PORT: "9999",
        GOTRUE_MAILER_URLPATHS_CONFIRMATION: "/gotrue/verify",
        GOTRUE_MAILER_URLPATHS_INVITE: "/gotrue/verify",
        GOTRUE_MAILER_URLPATHS_RECOVERY: "/gotrue/verify",
        GOTRUE_MAILER_URLPATHS_EMAIL_CHANGE: "/gotrue/verify",
        // Accounts are confirmed without an e-mail, with or without SMTP (mail then
        // serves invites, magic links and password recovery).
        GOTRUE_MAILER_AUTOCONFIRM: "true",
        GOTRUE_RATE_LIMIT_EMAIL_SENT: "100",
      }),
      ...env.gotrueSmtp,
    ],
    resources: resourcesFor(parts, "gotrue", size(["50m", "500m"], ["64Mi", "256Mi"])),
    health: { kind: "http", path: "/health", port: 9999 },
  };
}

/** 5. AppFlowy Cloud: the API and the collaboration websocket. */
function cloudSpec(parts: AppFlowyParts, env: AppFlowyEnv): ServiceWorkloadSpec {
  return {
    kind: "Deployment",
    name: "appflowy-cloud",
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.cloud,
    ports: [{ name: "http", port: 8000 }],
    env: [
      env.dbPassword,
      ...plainEnv({
        RUST_LOG: "info",
        APPFLOWY_ENVIRONMENT: "production",
        APPFLOWY_DATABASE_URL: parts.urls.internal.database,
        APPFLOWY_DATABASE_MAX_CONNECTIONS: "40",
        APPFLOWY_REDIS_URI: parts.urls.internal.redis,
      }),
      env.fromSecret("APPFLOWY_GOTRUE_JWT_SECRET", "GOTRUE_JWT_SECRET"),
      ...plainEnv({
        APPFLOWY_GOTRUE_BASE_URL: parts.urls.internal.gotrue,
        APPFLOWY_S3_CREATE_BUCKET: "true",
      }),
      ...env.s3,
      ...plainEnv({
        APPFLOWY_S3_PRESIGNED_URL_ENDPOINT: parts.urls.external.minioApi,
        APPFLOWY_ACCESS_CONTROL: "true",
        APPFLOWY_BASE_URL: parts.urls.external.base,
        APPFLOWY_WEB_URL: parts.urls.external.base,
      }),
      ...env.mailer,
    ],
    resources: resourcesFor(parts, "cloud", size(["250m", "2"], ["512Mi", "2Gi"])),
    health: { kind: "http", path: "/api/health", port: 8000 },
    startupSeconds: 600,
  };
}

/** 6. Worker: imports and background jobs. */
function workerSpec(parts: AppFlowyParts, env: AppFlowyEnv): ServiceWorkloadSpec {
  const db = APPFLOWY_DATABASE;
  return {
    kind: "Deployment",
    name: "appflowy-worker",
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.worker,
    ports: [{ name: "http", port: 4001 }],
    env: [
      env.dbPassword,
      ...plainEnv({
        RUST_LOG: "info",
        APPFLOWY_ENVIRONMENT: "production",
        APPFLOWY_WORKER_ENVIRONMENT: "production",
        APPFLOWY_WORKER_REDIS_URL: parts.urls.internal.redis,
        APPFLOWY_WORKER_DATABASE_URL: parts.urls.internal.database,
        APPFLOWY_WORKER_DATABASE_NAME: db.database,
        APPFLOWY_WORKER_IMPORT_TICK_INTERVAL: "30",
      }),
      ...env.s3,
      ...env.mailer,
    ],
    resources: resourcesFor(parts, "worker", size(["100m", "1"], ["256Mi", "1Gi"])),
    health: { kind: "tcp", port: 4001 },
  };
}

/** 7. AppFlowy Web: runs in the browser, so every URL it gets is public. */
function webSpec(parts: AppFlowyParts): ServiceWorkloadSpec {
  return {
    kind: "Deployment",
    name: "appflowy-web",
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.web,
    ports: [{ name: "http", port: 80 }],
    env: plainEnv({
      APPFLOWY_BASE_URL: parts.urls.external.base,
      APPFLOWY_GOTRUE_BASE_URL: parts.urls.external.gotrue,
      APPFLOWY_WS_BASE_URL: parts.urls.external.websocket,
    }),
    resources: resourcesFor(parts, "web", size(["50m", "500m"], ["64Mi", "256Mi"])),
    health: { kind: "http", path: "/", port: 80 },
  };
}

/** 8. Admin console: public URLs for the browser, internal ones for its server side. */
function adminFrontendSpec(parts: AppFlowyParts): ServiceWorkloadSpec {
  return {
    kind: "Deployment",
    name: "appflowy-admin-frontend",
    namespace: parts.namespace,
    partOf: PART_OF,
    image: parts.images.adminFrontend,
    ports: [{ name: "http", port: 3000 }],
    env: plainEnv({
      APPFLOWY_BASE_URL: parts.urls.external.base,
      APPFLOWY_GOTRUE_BASE_URL: parts.urls.external.gotrue,
      ADMIN_FRONTEND_REDIS_URL: parts.urls.internal.redis,
      ADMIN_FRONTEND_GOTRUE_URL: parts.urls.internal.gotrue,
      ADMIN_FRONTEND_APPFLOWY_CLOUD_URL: parts.urls.internal.cloud,
    }),
    resources: resourcesFor(parts, "adminFrontend", size(["50m", "500m"], ["128Mi", "512Mi"])),
    health: { kind: "tcp", port: 3000 },
  };
}
