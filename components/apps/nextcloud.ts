import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namespace } from "../kubernetes/namespace";
import {
  ServiceDatabaseConnection,
  serviceDatabaseSecret,
} from "../supabase/kubernetes/serviceDatabases";
import { ContainerResources, plainEnv, secretEnv } from "../workloads/containers";
import { ServicesPlatform } from "../workloads/servicesPlatform";
import { WebApp } from "../workloads/webApp";
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
  /** Default: {@link APP_IMAGES}.nextcloud. */
  readonly image?: string;
  /** Default: `nextcloud`. */
  readonly namespace?: string;
  readonly resources?: ContainerResources;
  readonly platform: ServicesPlatform;
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

/** Nextcloud (seed 004, optional) on its own database in the shared PostgreSQL. */
export class Nextcloud extends pulumi.ComponentResource {
  readonly app: WebApp;
  readonly url: pulumi.Output<string>;
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

    this.app = new WebApp(
      `${name}-app`,
      {
        namespace: nsName,
        appName: "nextcloud",
        image: args.image ?? APP_IMAGES.nextcloud,
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
        ingressAnnotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "1g" },
        platform: args.platform,
        waitFor: [secrets, dbSecret, ...(args.waitFor ?? [])],
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
