import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namespace } from "../toolbox/kubernetes/namespace";
import {
  ServiceDatabaseConnection,
  serviceDatabaseSecret,
} from "../database/kubernetes/serviceDatabases";
import { ContainerResources, plainEnv, secretEnv } from "../toolbox/workloads/containers";
import { ServicesPlatform } from "../toolbox/workloads/servicesPlatform";
import { redisMaxMemory } from "../toolbox/workloads/quantity";
import { serviceWorkload } from "../toolbox/workloads/serviceWorkload";
import { WebApp } from "../toolbox/workloads/webApp";
import { APP_IMAGES } from "./appImages";

export interface NextcloudArgs {
  /** Public host, e.g. `nextcloud.sector7.helloworlddao.com`. */
  readonly host: string;
  /** Its own database and user on the shared PostgreSQL (ServiceDatabases). */
  readonly database: ServiceDatabaseConnection;
  /** Size of the `/var/www/html` claim (files included). Default: `100Gi`. */
  readonly storageSize?: string;
  /** Default: `admin`. The password is generated. */
  readonly adminUser?: string;
  /** Networks whose X-Forwarded-* headers are trusted: the pod network. Default: k3s' `10.42.0.0/16`. */
  readonly trustedProxies?: string;
  /** Largest upload in GiB: PHP's limit and the ingress body size alike. Default: 1. */
  readonly maxUploadGi?: number;
  /** Default: {@link APP_IMAGES}.nextcloud. */
  readonly image?: string;
  /** Default: `nextcloud`. */
  readonly namespace?: string;
  readonly resources?: ContainerResources;
  /** The Redis cache's image. Default: {@link APP_IMAGES}.redis. */
  readonly redisImage?: string;
  /** The Redis cache's container. Default: 50m/64Mi requested, 500m/320Mi at most. */
  readonly redisResources?: ContainerResources;
  readonly platform: ServicesPlatform;
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

/**
 * Nextcloud (seed 004, optional) on its own database in the shared PostgreSQL, with what the
 * image's README asks for in use: background jobs by the image's cron runner (`/cron.sh`, in the
 * same pod, since the data claim is ReadWriteOnce), a Redis cache, and an upload limit that PHP
 * and the ingress agree on, with proxy timeouts long enough to send it.
 */
export class Nextcloud extends pulumi.ComponentResource {
  readonly app: WebApp;
  readonly url: pulumi.Output<string>;
  /** The app's namespace (created here). */
  readonly namespaceName: pulumi.Output<string>;
  readonly adminUser: pulumi.Output<string>;
  readonly adminPassword: pulumi.Output<string>;

  constructor(name: string, args: NextcloudArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:apps:Nextcloud", name, {}, opts);
    const child = { parent: this };
    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "nextcloud", podSecurity: "baseline", retainOnDelete: true },
      child,
    );
    this.namespaceName = ns.metadata.name;
    const nsName = ns.metadata.name;
    const adminUser = args.adminUser ?? "admin";

    this.adminPassword = pulumi.secret(
      new random.RandomPassword(`${name}-admin-password`, { length: 32, special: false }, child)
        .result,
    );
    const secrets = new kubernetes.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: "nextcloud-secrets", namespace: nsName },
        type: "Opaque",
        stringData: { NEXTCLOUD_ADMIN_PASSWORD: this.adminPassword },
      },
      child,
    );
    const dbSecret = serviceDatabaseSecret(
      `${name}-database`,
      { name: "nextcloud-database", namespace: nsName },
      args.database,
      child,
    );

    const redisResources = args.redisResources ?? {
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { cpu: "500m", memory: "320Mi" },
    };
    // A cache only (file locking and sessions): losing it costs nothing but warm-up.
    const redis = serviceWorkload(
      `${name}-redis`,
      {
        kind: "Deployment",
        name: "nextcloud-redis",
        namespace: nsName,
        partOf: "nextcloud",
        image: args.redisImage ?? APP_IMAGES.redis,
        args: [
          "--maxmemory",
          redisMaxMemory(redisResources.limits.memory),
          "--maxmemory-policy",
          "allkeys-lru",
          "--save",
          "",
        ],
        ports: [{ name: "redis", port: 6379 }],
        resources: redisResources,
        health: { kind: "exec", command: ["redis-cli", "ping"] },
      },
      child,
    );
    const uploadGi = args.maxUploadGi ?? 1;
    if (!Number.isInteger(uploadGi) || uploadGi < 1 || uploadGi > 100) {
      throw new pulumi.ResourceError(
        `maxUploadGi ${uploadGi} is not a whole number 1 to 100`,
        this,
      );
    }
    const image = args.image ?? APP_IMAGES.nextcloud;

    this.app = new WebApp(
      `${name}-app`,
      {
        namespace: nsName,
        appName: "nextcloud",
        image,
        containerPort: 80,
        host: args.host,
        env: [
          ...plainEnv({
            POSTGRES_HOST: `${args.database.host}:${args.database.port}`,
            POSTGRES_DB: args.database.database,
            POSTGRES_USER: args.database.username,
          }),
          secretEnv("POSTGRES_PASSWORD", dbSecret.metadata.name, "password"),
          ...plainEnv({ NEXTCLOUD_ADMIN_USER: adminUser }),
          secretEnv("NEXTCLOUD_ADMIN_PASSWORD", secrets.metadata.name),
          ...plainEnv({
            NEXTCLOUD_TRUSTED_DOMAINS: args.host,
            OVERWRITEPROTOCOL: "https",
            OVERWRITECLIURL: `https://${args.host}`,
            TRUSTED_PROXIES: args.trustedProxies ?? "10.42.0.0/16",
            REDIS_HOST: redis.service.metadata.name,
            REDIS_HOST_PORT: "6379",
            // PHP shorthand: upload_max_filesize and post_max_size.
            PHP_UPLOAD_LIMIT: `${uploadGi}G`,
          }),
        ],
        data: { mountPath: "/var/www/html", size: args.storageSize ?? "100Gi" },
        resources: args.resources ?? {
          requests: { cpu: "250m", memory: "512Mi" },
          limits: { cpu: "2", memory: "2Gi" },
        },
        // Nextcloud answers only its trusted domain; the first start installs, which is slow.
        health: { kind: "tcp", port: 80 },
        readiness: { kind: "http", path: "/status.php", port: 80, headers: { Host: args.host } },
        startupSeconds: 900,
        sidecars: [
          {
            // The image's busybox crond runs cron.php as www-data every 5 minutes.
            name: "cron",
            image,
            command: ["/cron.sh"],
            resources: {
              requests: { cpu: "50m", memory: "128Mi" },
              limits: { cpu: "1", memory: "512Mi" },
            },
            volumeMounts: [{ name: "data", mountPath: "/var/www/html" }],
          },
        ],
        ingressAnnotations: {
          "nginx.ingress.kubernetes.io/proxy-body-size": `${uploadGi}g`,
          // A large upload over a slow line: an hour to send it or wait for the reply.
          "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
          "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
          "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
        },
        platform: args.platform,
        waitFor: [secrets, dbSecret, redis.workload, ...(args.waitFor ?? [])],
      },
      child,
    );
    this.url = this.app.url;
    this.adminUser = pulumi.output(adminUser);
    this.registerOutputs({
      url: this.url,
      adminUser: this.adminUser,
      adminPassword: this.adminPassword,
    });
  }
}
