import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namespace } from "../toolbox/kubernetes/namespace";
import {
  ServiceDatabaseConnection,
  serviceDatabaseSecret,
} from "../database/kubernetes/serviceDatabases";
import {
  ContainerResources,
  envReference,
  plainEnv,
  secretEnv,
} from "../toolbox/workloads/containers";
import { ServicesPlatform } from "../toolbox/workloads/servicesPlatform";
import { WebApp } from "../toolbox/workloads/webApp";
import { APP_IMAGES } from "./appImages";

export interface NocoDbArgs {
  /** Public host, e.g. `nocodb.sector7.helloworlddao.com`. */
  readonly host: string;
  /** Its own database and user on the shared PostgreSQL (ServiceDatabases). */
  readonly database: ServiceDatabaseConnection;
  /** The super admin NocoDB creates at start (NC_ADMIN_EMAIL); the password is generated. */
  readonly adminEmail: string;
  /** Size of the `/usr/app/data` claim. Default: `20Gi`. */
  readonly storageSize?: string;
  /** Default: {@link APP_IMAGES}.nocodb. */
  readonly image?: string;
  /** Default: `nocodb`. */
  readonly namespace?: string;
  readonly resources?: ContainerResources;
  readonly platform: ServicesPlatform;
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

/** The env var the database password arrives in; NC_DB refers to it. */
const DB_PASSWORD_ENV = "NC_DB_PASSWORD";

/** NC_DB for a connection, with the password taken from {@link DB_PASSWORD_ENV} at start. */
export function ncDbUrl(db: ServiceDatabaseConnection): string {
  return `pg://${db.host}:${db.port}?u=${db.username}&p=${envReference(DB_PASSWORD_ENV)}&d=${db.database}`;
}

/**
 * NocoDB (seed 004, phase 4.4) with its metadata in its own database and user on the shared
 * PostgreSQL (NC_DB), a generated JWT secret, and its super admin created from generated
 * credentials at start, so the first visitor of the public URL cannot claim it.
 */
export class NocoDb extends pulumi.ComponentResource {
  readonly app: WebApp;
  readonly url: pulumi.Output<string>;
  /** The app's namespace (created here). */
  readonly namespaceName: pulumi.Output<string>;
  readonly adminEmail: pulumi.Output<string>;
  readonly adminPassword: pulumi.Output<string>;

  constructor(name: string, args: NocoDbArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:apps:NocoDb", name, {}, opts);
    const child = { parent: this };
    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "nocodb", podSecurity: "baseline", retainOnDelete: true },
      child,
    );
    this.namespaceName = ns.metadata.name;
    const nsName = ns.metadata.name;

    const jwtSecret = pulumi.secret(
      new random.RandomPassword(`${name}-jwt-secret`, { length: 64, special: false }, child).result,
    );
    // NocoDB refuses a weak admin password at start: every character class is present.
    this.adminPassword = pulumi.secret(
      new random.RandomPassword(
        `${name}-admin-password`,
        {
          length: 32,
          minUpper: 2,
          minLower: 2,
          minNumeric: 2,
          minSpecial: 2,
          overrideSpecial: "!#%*+-.=?@^_",
        },
        child,
      ).result,
    );
    this.adminEmail = pulumi.output(args.adminEmail);
    const secrets = new kubernetes.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: "nocodb-secrets", namespace: nsName },
        type: "Opaque",
        stringData: { NC_AUTH_JWT_SECRET: jwtSecret, NC_ADMIN_PASSWORD: this.adminPassword },
      },
      child,
    );
    const dbSecret = serviceDatabaseSecret(
      `${name}-database`,
      { name: "nocodb-database", namespace: nsName },
      args.database,
      child,
    );

    const url = `https://${args.host}`;
    this.app = new WebApp(
      `${name}-app`,
      {
        namespace: nsName,
        appName: "nocodb",
        image: args.image ?? APP_IMAGES.nocodb,
        containerPort: 8080,
        host: args.host,
        env: [
          secretEnv(DB_PASSWORD_ENV, dbSecret.metadata.name, "password"),
          ...plainEnv({ NC_DB: ncDbUrl(args.database) }),
          secretEnv("NC_AUTH_JWT_SECRET", secrets.metadata.name),
          ...plainEnv({ NC_ADMIN_EMAIL: args.adminEmail }),
          secretEnv("NC_ADMIN_PASSWORD", secrets.metadata.name),
          // NC_SITE_URL is the current name, NC_PUBLIC_URL the legacy one NocoDB still reads.
          ...plainEnv({ NC_SITE_URL: url, NC_PUBLIC_URL: url, NC_DISABLE_TELE: "true" }),
        ],
        data: { mountPath: "/usr/app/data", size: args.storageSize ?? "20Gi" },
        fsGroup: 1000,
        resources: args.resources ?? {
          requests: { cpu: "100m", memory: "256Mi" },
          limits: { cpu: "1", memory: "1Gi" },
        },
        health: { kind: "http", path: "/api/v1/health", port: 8080 },
        ingressAnnotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "64m" },
        platform: args.platform,
        waitFor: [secrets, dbSecret, ...(args.waitFor ?? [])],
      },
      child,
    );
    this.url = this.app.url;
    this.registerOutputs({
      url: this.url,
      adminEmail: this.adminEmail,
      adminPassword: this.adminPassword,
    });
  }
}
