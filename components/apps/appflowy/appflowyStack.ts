import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namespace } from "../../toolbox/kubernetes/namespace";
import {
  ContainerResources,
  envReference,
  plainEnv,
  secretEnv,
} from "../../toolbox/workloads/containers";
import { dataClaim } from "../../toolbox/workloads/persistentClaim";
import { redisMaxMemory } from "../../toolbox/workloads/quantity";
import { platformDefaults, ServicesPlatform } from "../../toolbox/workloads/servicesPlatform";
import { ServiceWorkload, serviceWorkload } from "../../toolbox/workloads/serviceWorkload";
import { NGINX_ANNOTATIONS, tlsIngress } from "../../toolbox/workloads/tlsIngress";
import { AppFlowyImages, appflowyImages } from "./appflowyImages";

export interface AppFlowyStackArgs {
  /** Public host of everything, e.g. `appflowy.sector7.helloworlddao.com`. */
  readonly host: string;
  /** The GoTrue admin (seed 004: graydon@helloworlddao.com); the password is generated. */
  readonly adminEmail: string;
  /** Dedicated PostgreSQL's claim. Default: `50Gi`. */
  readonly postgresStorageSize?: string;
  /** MinIO's claim. Default: `50Gi`. */
  readonly minioStorageSize?: string;
  /** Default: {@link appflowyImages}(). */
  readonly images?: AppFlowyImages;
  /** Only the admin can create accounts (invite from the console). Default: true. */
  readonly disableSignup?: boolean;
  /** Outgoing mail for GoTrue (invites, magic links, recovery) and AppFlowy's mailer; none: no mail. */
  readonly smtp?: AppFlowySmtp;
  /** Per-service cpu and memory; a service left out keeps its default. */
  readonly resources?: Partial<Record<AppFlowyServiceKey, ContainerResources>>;
  /** Default: `appflowy`. Retained on delete: it holds the data claims. */
  readonly namespace?: string;
  readonly platform: ServicesPlatform;
}

/** The eight services, in seed 004's start order. */
export const APPFLOWY_SERVICE_KEYS = [
  "postgres",
  "redis",
  "minio",
  "gotrue",
  "cloud",
  "worker",
  "web",
  "adminFrontend",
] as const;
export type AppFlowyServiceKey = (typeof APPFLOWY_SERVICE_KEYS)[number];

/** An SMTP account AppFlowy sends mail through. */
export interface AppFlowySmtp {
  readonly host: string;
  /** 465: TLS from the first byte; other ports: STARTTLS, required. */
  readonly port: number;
  readonly username: string;
  readonly password: pulumi.Input<string>;
  /** The sender address (GoTrue's admin e-mail, AppFlowy's mailer e-mail). */
  readonly sender: string;
}

/**
 * What a team can do with self-hosted AppFlowy-Cloud without a license (upstream README: one
 * user seat per instance and up to 3 guest editors; issues #1570, #1595, #1608, #1641).
 */
export const APPFLOWY_TEAM_ACCESS =
  "Without a license AppFlowy-Cloud allows one member seat per workspace and up to 3 guest " +
  "editors per page owner: invites from the admin console stop at 'Seat limit reached'. " +
  "Teammates sign themselves up instead (appflowy:disableSignup=false) after the domain or " +
  "e-mail whitelist is set in the admin console (Users > Settings); each gets their own " +
  "workspace and joins shared pages as a guest. See docs/sector7-services.md.";

/** Names and credentials location of the dedicated PostgreSQL, for backups. */
export interface AppFlowyDatabase {
  readonly serviceName: string;
  readonly database: string;
  readonly user: string;
  readonly secretName: string;
  readonly passwordKey: string;
}

export const APPFLOWY_SECRET_NAME = "appflowy-secrets";
export const APPFLOWY_DATABASE: AppFlowyDatabase = {
  serviceName: "appflowy-postgres",
  database: "appflowy",
  // Seed 004, phase 5.1.
  user: "appflowy_admin",
  secretName: APPFLOWY_SECRET_NAME,
  passwordKey: "POSTGRES_PASSWORD",
};

const BUCKET = "appflowy";
const PART_OF = "appflowy";
const size = (cpu: [string, string], memory: [string, string]): ContainerResources => ({
  requests: { cpu: cpu[0], memory: memory[0] },
  limits: { cpu: cpu[1], memory: memory[1] },
});

/** Internal (service to service) and external (browser) URLs of one deployment. */
export interface AppFlowyUrls {
  readonly internal: {
    readonly gotrue: string;
    readonly cloud: string;
    readonly redis: string;
    readonly minio: string;
    /** With `$(POSTGRES_PASSWORD)`, expanded from the Secret inside the pod. */
    readonly database: string;
  };
  readonly external: {
    readonly base: string;
    readonly gotrue: string;
    readonly websocket: string;
    readonly minioApi: string;
    readonly console: string;
  };
}

/** The URLs AppFlowy's services are wired with. */
export function appflowyUrls(host: string): AppFlowyUrls {
  const db = APPFLOWY_DATABASE;
  const base = `https://${host}`;
  return {
    internal: {
      gotrue: "http://appflowy-gotrue:9999",
      cloud: "http://appflowy-cloud:8000",
      redis: "redis://appflowy-redis:6379",
      minio: "http://appflowy-minio:9000",
      database: `postgres://${db.user}:${envReference("POSTGRES_PASSWORD")}@${db.serviceName}:5432/${db.database}`,
    },
    external: {
      base,
      gotrue: `${base}/gotrue`,
      websocket: `wss://${host}/ws/v2`,
      minioApi: `${base}/minio-api`,
      console: `${base}/console`,
    },
  };
}

/**
 * AppFlowy-Cloud (seed 004, phase 5) in its own namespace: a dedicated PostgreSQL with pgvector,
 * Redis, MinIO, GoTrue, AppFlowy Cloud, its worker, AppFlowy Web and the admin console, created
 * in seed 004's order, each waiting for the one before to be ready. Services talk to each other
 * by internal Service URLs; browsers get the public ones. Every secret is generated.
 *
 * Three ingresses share the host: GoTrue under `/gotrue` with the prefix stripped; the MinIO API
 * under `/minio-api`, prefix stripped and the upstream Host set to MinIO's internal name (the
 * name presigned URLs are signed for); and everything else unchanged (`/api`, `/ws` with long
 * timeouts, `/console`, `/`). ingress-nginx applies rewrite and upstream-host annotations to a
 * whole Ingress, so the two rewritten paths cannot share one with each other or with the rest.
 */
export class AppFlowyStack extends pulumi.ComponentResource {
  readonly url: pulumi.Output<string>;
  readonly gotrueUrl: pulumi.Output<string>;
  readonly adminConsoleUrl: pulumi.Output<string>;
  readonly adminEmail: pulumi.Output<string>;
  readonly adminPassword: pulumi.Output<string>;
  readonly minioAccessKey: pulumi.Output<string>;
  readonly minioSecretKey: pulumi.Output<string>;
  readonly urls: AppFlowyUrls;
  readonly namespaceName: string;
  readonly namespace: kubernetes.core.v1.Namespace;
  readonly secret: kubernetes.core.v1.Secret;
  /** Services in seed 004's start order. */
  readonly services: Readonly<Record<string, ServiceWorkload>>;
  readonly ingresses: readonly kubernetes.networking.v1.Ingress[];
  readonly postgresClaim: kubernetes.core.v1.PersistentVolumeClaim;
  readonly minioClaim: kubernetes.core.v1.PersistentVolumeClaim;

  constructor(name: string, args: AppFlowyStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:appflowy:AppFlowyStack", name, {}, opts);
    const child = { parent: this };
    const platform = platformDefaults(args.platform);
    const images = args.images ?? appflowyImages();
    const urls = appflowyUrls(args.host);
    this.urls = urls;
    this.namespaceName = args.namespace ?? "appflowy";

    this.namespace = namespace(
      `${name}-namespace`,
      { name: this.namespaceName, podSecurity: "baseline", retainOnDelete: true },
      child,
    );
    const ns = this.namespace.metadata.name;

    const generated = (suffix: string, length: number) =>
      pulumi.secret(
        new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, child).result,
      );
    const resourcesFor = (key: AppFlowyServiceKey, fallback: ContainerResources) =>
      args.resources?.[key] ?? fallback;
    const redisResources = resourcesFor("redis", size(["50m", "500m"], ["64Mi", "512Mi"]));
    const postgresPassword = generated("postgres-password", 40);
    const smtp = args.smtp;
    // AppFlowy's mailer (invitation and notification mails from the API and the worker).
    const mailerEnv = smtp
      ? [
          ...plainEnv({
            APPFLOWY_MAILER_SMTP_HOST: smtp.host,
            APPFLOWY_MAILER_SMTP_PORT: String(smtp.port),
            APPFLOWY_MAILER_SMTP_USERNAME: smtp.username,
            APPFLOWY_MAILER_SMTP_EMAIL: smtp.sender,
          }),
          secretEnv("APPFLOWY_MAILER_SMTP_PASSWORD", APPFLOWY_SECRET_NAME, "SMTP_PASSWORD"),
          ...plainEnv({
            APPFLOWY_MAILER_SMTP_TLS_KIND: smtp.port === 465 ? "wrapper" : "required",
          }),
        ]
      : [];
    const gotrueSmtpEnv = smtp
      ? [
          ...plainEnv({
            GOTRUE_SMTP_HOST: smtp.host,
            GOTRUE_SMTP_PORT: String(smtp.port),
            GOTRUE_SMTP_USER: smtp.username,
          }),
          secretEnv("GOTRUE_SMTP_PASS", APPFLOWY_SECRET_NAME, "SMTP_PASSWORD"),
          ...plainEnv({ GOTRUE_SMTP_ADMIN_EMAIL: smtp.sender }),
        ]
      : [];
    const jwtSecret = generated("gotrue-jwt-secret", 64);
    this.adminPassword = generated("admin-password", 32);
    this.minioAccessKey = generated("minio-access-key", 20);
    this.minioSecretKey = generated("minio-secret-key", 40);
    this.adminEmail = pulumi.output(args.adminEmail);

    // Seed 004, phase 5.1: one Secret with every credential (the admin e-mail is not one).
    this.secret = new kubernetes.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: APPFLOWY_SECRET_NAME, namespace: ns },
        type: "Opaque",
        stringData: {
          POSTGRES_PASSWORD: postgresPassword,
          GOTRUE_JWT_SECRET: jwtSecret,
          GOTRUE_ADMIN_PASSWORD: this.adminPassword,
          APPFLOWY_S3_ACCESS_KEY: this.minioAccessKey,
          APPFLOWY_S3_SECRET_KEY: this.minioSecretKey,
          ...(args.smtp ? { SMTP_PASSWORD: pulumi.secret(args.smtp.password) } : {}),
        },
      },
      child,
    );
    const secretName = this.secret.metadata.name;
    const fromSecret = (env: string, key: string = env) => secretEnv(env, secretName, key);
    const dbPassword = fromSecret("POSTGRES_PASSWORD");
    const s3Env = [
      ...plainEnv({
        APPFLOWY_S3_USE_MINIO: "true",
        APPFLOWY_S3_MINIO_URL: urls.internal.minio,
      }),
      fromSecret("APPFLOWY_S3_ACCESS_KEY"),
      fromSecret("APPFLOWY_S3_SECRET_KEY"),
      ...plainEnv({ APPFLOWY_S3_BUCKET: BUCKET, APPFLOWY_S3_REGION: "us-east-1" }),
    ];

    this.postgresClaim = dataClaim(
      `${name}-postgres-data`,
      {
        name: "appflowy-postgres-data",
        namespace: ns,
        size: args.postgresStorageSize ?? "50Gi",
        storageClassName: platform.storageClassName,
      },
      { ...child, dependsOn: platform.waitFor },
    );
    this.minioClaim = dataClaim(
      `${name}-minio-data`,
      {
        name: "appflowy-minio-data",
        namespace: ns,
        size: args.minioStorageSize ?? "50Gi",
        storageClassName: platform.storageClassName,
      },
      { ...child, dependsOn: platform.waitFor },
    );
    const initScripts = new kubernetes.core.v1.ConfigMap(
      `${name}-postgres-init`,
      {
        metadata: { name: "appflowy-postgres-init", namespace: ns },
        // Runs once, on an empty volume, in POSTGRES_DB. AppFlowy's migrations expect pgvector.
        data: { "10-pgvector.sql": "CREATE EXTENSION IF NOT EXISTS vector;\n" },
      },
      child,
    );

    const db = APPFLOWY_DATABASE;
    const services: Record<string, ServiceWorkload> = {};
    let previous: pulumi.Resource[] = [this.secret];
    const add = (key: string, make: (dependsOn: pulumi.Resource[]) => ServiceWorkload) => {
      services[key] = make(previous);
      previous = [services[key].workload];
      return services[key];
    };
    const after = (dependsOn: pulumi.Resource[], extra: pulumi.Resource[] = []) => ({
      ...child,
      dependsOn: [...dependsOn, ...extra],
    });

    // 1. PostgreSQL with pgvector.
    add("postgres", (dependsOn) =>
      serviceWorkload(
        `${name}-postgres`,
        {
          kind: "StatefulSet",
          name: db.serviceName,
          namespace: ns,
          partOf: PART_OF,
          image: images.postgres,
          ports: [{ name: "postgres", port: 5432 }],
          env: [...plainEnv({ POSTGRES_USER: db.user, POSTGRES_DB: db.database }), dbPassword],
          resources: resourcesFor("postgres", size(["250m", "2"], ["512Mi", "2Gi"])),
          health: {
            kind: "exec",
            command: ["pg_isready", "-U", db.user, "-d", db.database, "-h", "127.0.0.1"],
          },
          startupSeconds: 600,
          volumes: [
            {
              name: "data",
              persistentVolumeClaim: { claimName: this.postgresClaim.metadata.name },
            },
            { name: "init", configMap: { name: initScripts.metadata.name } },
          ],
          volumeMounts: [
            { name: "data", mountPath: "/var/lib/postgresql/data", subPath: "pgdata" },
            { name: "init", mountPath: "/docker-entrypoint-initdb.d", readOnly: true },
          ],
        },
        after(dependsOn, [this.postgresClaim, initScripts]),
      ),
    );

    // 2. Redis: queues and collaboration streams; nothing in it outlives a restart by design.
    add("redis", (dependsOn) =>
      serviceWorkload(
        `${name}-redis`,
        {
          kind: "Deployment",
          name: "appflowy-redis",
          namespace: ns,
          partOf: PART_OF,
          image: images.redis,
          // Below the container's limit, so Redis evicts before the kernel kills it; only keys
          // with a TTL (caches) are evicted, never the collaboration streams and queues.
          args: [
            "--maxmemory",
            redisMaxMemory(redisResources.limits.memory),
            "--maxmemory-policy",
            "volatile-lru",
          ],
          ports: [{ name: "redis", port: 6379 }],
          resources: redisResources,
          health: { kind: "exec", command: ["redis-cli", "ping"] },
          volumes: [{ name: "data", emptyDir: {} }],
          volumeMounts: [{ name: "data", mountPath: "/data" }],
        },
        after(dependsOn),
      ),
    );

    // 3. MinIO: files and attachments.
    add("minio", (dependsOn) =>
      serviceWorkload(
        `${name}-minio`,
        {
          kind: "Deployment",
          name: "appflowy-minio",
          namespace: ns,
          partOf: PART_OF,
          image: images.minio,
          args: ["server", "/data", "--console-address", ":9001"],
          ports: [
            { name: "api", port: 9000 },
            { name: "console", port: 9001 },
          ],
          env: [
            fromSecret("MINIO_ROOT_USER", "APPFLOWY_S3_ACCESS_KEY"),
            fromSecret("MINIO_ROOT_PASSWORD", "APPFLOWY_S3_SECRET_KEY"),
          ],
          resources: resourcesFor("minio", size(["100m", "1"], ["256Mi", "1Gi"])),
          health: { kind: "http", path: "/minio/health/live", port: 9000 },
          readiness: { kind: "http", path: "/minio/health/ready", port: 9000 },
          volumes: [
            { name: "data", persistentVolumeClaim: { claimName: this.minioClaim.metadata.name } },
          ],
          volumeMounts: [{ name: "data", mountPath: "/data", subPath: "minio" }],
        },
        after(dependsOn, [this.minioClaim]),
      ),
    );

    // 4. GoTrue: accounts and tokens, in the `auth` schema of AppFlowy's database.
    add("gotrue", (dependsOn) =>
      serviceWorkload(
        `${name}-gotrue`,
        {
          kind: "Deployment",
          name: "appflowy-gotrue",
          namespace: ns,
          partOf: PART_OF,
          image: images.gotrue,
          ports: [{ name: "http", port: 9999 }],
          env: [
            dbPassword,
            ...plainEnv({ GOTRUE_ADMIN_EMAIL: args.adminEmail }),
            fromSecret("GOTRUE_ADMIN_PASSWORD"),
            ...plainEnv({
              GOTRUE_DISABLE_SIGNUP: String(args.disableSignup ?? true),
              GOTRUE_SITE_URL: "appflowy-flutter://",
              GOTRUE_URI_ALLOW_LIST: "**",
            }),
            fromSecret("GOTRUE_JWT_SECRET"),
            ...plainEnv({
              GOTRUE_JWT_EXP: "604800",
              GOTRUE_JWT_ADMIN_GROUP_NAME: "supabase_admin",
              GOTRUE_DB_DRIVER: "postgres",
              API_EXTERNAL_URL: urls.external.gotrue,
              DATABASE_URL: `${urls.internal.database}?search_path=auth`,
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
            ...gotrueSmtpEnv,
          ],
          resources: resourcesFor("gotrue", size(["50m", "500m"], ["64Mi", "256Mi"])),
          health: { kind: "http", path: "/health", port: 9999 },
        },
        after(dependsOn, [services.postgres.workload]),
      ),
    );

    // 5. AppFlowy Cloud: the API and the collaboration websocket.
    add("cloud", (dependsOn) =>
      serviceWorkload(
        `${name}-cloud`,
        {
          kind: "Deployment",
          name: "appflowy-cloud",
          namespace: ns,
          partOf: PART_OF,
          image: images.cloud,
          ports: [{ name: "http", port: 8000 }],
          env: [
            dbPassword,
            ...plainEnv({
              RUST_LOG: "info",
              APPFLOWY_ENVIRONMENT: "production",
              APPFLOWY_DATABASE_URL: urls.internal.database,
              APPFLOWY_DATABASE_MAX_CONNECTIONS: "40",
              APPFLOWY_REDIS_URI: urls.internal.redis,
            }),
            fromSecret("APPFLOWY_GOTRUE_JWT_SECRET", "GOTRUE_JWT_SECRET"),
            ...plainEnv({
              APPFLOWY_GOTRUE_BASE_URL: urls.internal.gotrue,
              APPFLOWY_S3_CREATE_BUCKET: "true",
            }),
            ...s3Env,
            ...plainEnv({
              APPFLOWY_S3_PRESIGNED_URL_ENDPOINT: urls.external.minioApi,
              APPFLOWY_ACCESS_CONTROL: "true",
              APPFLOWY_BASE_URL: urls.external.base,
              APPFLOWY_WEB_URL: urls.external.base,
            }),
            ...mailerEnv,
          ],
          resources: resourcesFor("cloud", size(["250m", "2"], ["512Mi", "2Gi"])),
          health: { kind: "http", path: "/api/health", port: 8000 },
          startupSeconds: 600,
        },
        after(dependsOn, [
          services.postgres.workload,
          services.redis.workload,
          services.minio.workload,
        ]),
      ),
    );

    // 6. Worker: imports and background jobs.
    add("worker", (dependsOn) =>
      serviceWorkload(
        `${name}-worker`,
        {
          kind: "Deployment",
          name: "appflowy-worker",
          namespace: ns,
          partOf: PART_OF,
          image: images.worker,
          ports: [{ name: "http", port: 4001 }],
          env: [
            dbPassword,
            ...plainEnv({
              RUST_LOG: "info",
              APPFLOWY_ENVIRONMENT: "production",
              APPFLOWY_WORKER_ENVIRONMENT: "production",
              APPFLOWY_WORKER_REDIS_URL: urls.internal.redis,
              APPFLOWY_WORKER_DATABASE_URL: urls.internal.database,
              APPFLOWY_WORKER_DATABASE_NAME: db.database,
              APPFLOWY_WORKER_IMPORT_TICK_INTERVAL: "30",
            }),
            ...s3Env,
            ...mailerEnv,
          ],
          resources: resourcesFor("worker", size(["100m", "1"], ["256Mi", "1Gi"])),
          health: { kind: "tcp", port: 4001 },
        },
        after(dependsOn),
      ),
    );

    // 7. AppFlowy Web: runs in the browser, so every URL it gets is public.
    add("web", (dependsOn) =>
      serviceWorkload(
        `${name}-web`,
        {
          kind: "Deployment",
          name: "appflowy-web",
          namespace: ns,
          partOf: PART_OF,
          image: images.web,
          ports: [{ name: "http", port: 80 }],
          env: plainEnv({
            APPFLOWY_BASE_URL: urls.external.base,
            APPFLOWY_GOTRUE_BASE_URL: urls.external.gotrue,
            APPFLOWY_WS_BASE_URL: urls.external.websocket,
          }),
          resources: resourcesFor("web", size(["50m", "500m"], ["64Mi", "256Mi"])),
          health: { kind: "http", path: "/", port: 80 },
        },
        after(dependsOn),
      ),
    );

    // 8. Admin console: public URLs for the browser, internal ones for its server side.
    add("adminFrontend", (dependsOn) =>
      serviceWorkload(
        `${name}-admin-frontend`,
        {
          kind: "Deployment",
          name: "appflowy-admin-frontend",
          namespace: ns,
          partOf: PART_OF,
          image: images.adminFrontend,
          ports: [{ name: "http", port: 3000 }],
          env: plainEnv({
            APPFLOWY_BASE_URL: urls.external.base,
            APPFLOWY_GOTRUE_BASE_URL: urls.external.gotrue,
            ADMIN_FRONTEND_REDIS_URL: urls.internal.redis,
            ADMIN_FRONTEND_GOTRUE_URL: urls.internal.gotrue,
            ADMIN_FRONTEND_APPFLOWY_CLOUD_URL: urls.internal.cloud,
          }),
          resources: resourcesFor("adminFrontend", size(["50m", "500m"], ["128Mi", "512Mi"])),
          health: { kind: "tcp", port: 3000 },
        },
        after(dependsOn, [services.gotrue.workload]),
      ),
    );
    this.services = services;

    const ingress = (
      suffix: string,
      spec: Omit<
        Parameters<typeof tlsIngress>[1],
        "namespace" | "host" | "ingressClassName" | "clusterIssuer" | "tlsSecretName"
      >,
      dependsOn: pulumi.Resource[],
    ) =>
      tlsIngress(
        `${name}-${suffix}-ingress`,
        {
          ...spec,
          namespace: ns,
          host: args.host,
          ingressClassName: platform.ingressClassName,
          clusterIssuer: platform.clusterIssuer,
          // One certificate per Ingress: cert-manager's ingress-shim makes each annotated
          // Ingress the owner of a Certificate named after its secret, so a shared secret would
          // have three owners fighting over it.
          tlsSecretName: `${spec.name}-tls`,
        },
        { ...child, dependsOn: [...dependsOn, ...platform.waitFor] },
      );
    const serviceOf = (key: string) => services[key].service.metadata.name;

    this.ingresses = [
      ingress(
        "gotrue",
        {
          name: "appflowy-gotrue",
          paths: [
            {
              path: "/gotrue(/|$)(.*)",
              pathType: "ImplementationSpecific",
              serviceName: serviceOf("gotrue"),
              servicePort: 9999,
            },
          ],
          annotations: {
            [NGINX_ANNOTATIONS.useRegex]: "true",
            [NGINX_ANNOTATIONS.rewriteTarget]: "/$2",
          },
        },
        [services.gotrue.workload],
      ),
      ingress(
        "minio-api",
        {
          name: "appflowy-minio-api",
          paths: [
            {
              path: "/minio-api(/|$)(.*)",
              pathType: "ImplementationSpecific",
              serviceName: serviceOf("minio"),
              servicePort: 9000,
            },
          ],
          annotations: {
            [NGINX_ANNOTATIONS.useRegex]: "true",
            [NGINX_ANNOTATIONS.rewriteTarget]: "/$2",
            // Presigned URLs are signed for MinIO's internal address; MinIO checks the Host.
            [NGINX_ANNOTATIONS.upstreamVhost]: new URL(urls.internal.minio).host,
            [NGINX_ANNOTATIONS.proxyBodySize]: "1000m",
          },
        },
        [services.minio.workload],
      ),
      ingress(
        "app",
        {
          name: "appflowy",
          paths: [
            { path: "/api", serviceName: serviceOf("cloud"), servicePort: 8000 },
            { path: "/ws", serviceName: serviceOf("cloud"), servicePort: 8000 },
            { path: "/console", serviceName: serviceOf("adminFrontend"), servicePort: 3000 },
            { path: "/", serviceName: serviceOf("web"), servicePort: 80 },
          ],
          annotations: {
            // Collaboration websockets stay open for a day, as in AppFlowy's nginx.conf.
            [NGINX_ANNOTATIONS.proxyReadTimeout]: "86400",
            [NGINX_ANNOTATIONS.proxySendTimeout]: "86400",
            // Imports upload up to 2 GB.
            [NGINX_ANNOTATIONS.proxyBodySize]: "2g",
          },
        },
        [services.cloud.workload, services.web.workload, services.adminFrontend.workload],
      ),
    ];

    this.url = pulumi.output(urls.external.base);
    this.gotrueUrl = pulumi.output(urls.external.gotrue);
    this.adminConsoleUrl = pulumi.output(urls.external.console);
    this.registerOutputs({
      url: this.url,
      gotrueUrl: this.gotrueUrl,
      adminConsoleUrl: this.adminConsoleUrl,
      adminEmail: this.adminEmail,
      adminPassword: this.adminPassword,
      minioAccessKey: this.minioAccessKey,
      minioSecretKey: this.minioSecretKey,
    });
  }
}
