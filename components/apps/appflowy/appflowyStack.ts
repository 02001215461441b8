import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { ContainerResources } from "../../toolbox/workloads/containers";
import { dataClaim } from "../../toolbox/workloads/persistentClaim";
import { platformDefaults, ServicesPlatform } from "../../toolbox/workloads/servicesPlatform";
import { ServiceWorkload } from "../../toolbox/workloads/serviceWorkload";
import { AppFlowyImages, appflowyImages } from "./appflowyImages";
import { appflowyIngresses } from "./appflowyIngresses";
import { AppFlowyData, appflowyServices } from "./appflowyServices";
import {
  APPFLOWY_SECRET_NAME,
  appflowyEnv,
  AppFlowyServiceKey,
  AppFlowySmtp,
  AppFlowyUrls,
  appflowyUrls,
} from "./appflowyWiring";

export {
  APPFLOWY_DATABASE,
  APPFLOWY_SECRET_NAME,
  APPFLOWY_SERVICE_KEYS,
  APPFLOWY_TEAM_ACCESS,
  appflowyUrls,
} from "./appflowyWiring";
export type {
  AppFlowyDatabase,
  AppFlowyServiceKey,
  AppFlowySmtp,
  AppFlowyUrls,
} from "./appflowyWiring";

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

/** What every part of the stack is built from; the parts are children of `parent`. */
export interface AppFlowyParts {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly args: AppFlowyStackArgs;
  readonly namespace: pulumi.Output<string>;
  readonly platform: Required<ServicesPlatform>;
  readonly images: AppFlowyImages;
  readonly urls: AppFlowyUrls;
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
    this.urls = appflowyUrls(args.host);
    this.namespaceName = args.namespace ?? "appflowy";
    this.namespace = namespace(
      `${name}-namespace`,
      { name: this.namespaceName, podSecurity: "baseline", retainOnDelete: true },
      { parent: this },
    );
    const parts: AppFlowyParts = {
      name,
      parent: this,
      args,
      namespace: this.namespace.metadata.name,
      platform: platformDefaults(args.platform),
      images: args.images ?? appflowyImages(),
      urls: this.urls,
    };

    const credentials = appflowyCredentials(parts);
    this.adminEmail = pulumi.output(args.adminEmail);
    this.adminPassword = credentials.adminPassword;
    this.minioAccessKey = credentials.minioAccessKey;
    this.minioSecretKey = credentials.minioSecretKey;
    this.secret = credentials.secret;
    this.postgresClaim = appflowyClaim(parts, "postgres", args.postgresStorageSize);
    this.minioClaim = appflowyClaim(parts, "minio", args.minioStorageSize);
    const data: AppFlowyData = {
      secret: this.secret,
      postgresClaim: this.postgresClaim,
      minioClaim: this.minioClaim,
      initScripts: postgresInitScripts(parts),
    };
    const env = appflowyEnv(this.secret.metadata.name, this.urls, args.smtp);
    const services = appflowyServices(parts, env, data);
    this.services = services;
    this.ingresses = appflowyIngresses(parts, services);

    this.url = pulumi.output(this.urls.external.base);
    this.gotrueUrl = pulumi.output(this.urls.external.gotrue);
    this.adminConsoleUrl = pulumi.output(this.urls.external.console);
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

/** The generated credentials and seed 004's one Secret holding them (phase 5.1). */
function appflowyCredentials(parts: AppFlowyParts) {
  const { name, args } = parts;
  const child = { parent: parts.parent };
  const generated = (suffix: string, length: number) =>
    pulumi.secret(
      new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, child).result,
    );
  const postgresPassword = generated("postgres-password", 40);
  const jwtSecret = generated("gotrue-jwt-secret", 64);
  const adminPassword = generated("admin-password", 32);
  const minioAccessKey = generated("minio-access-key", 20);
  const minioSecretKey = generated("minio-secret-key", 40);
  // The admin e-mail is not a credential: it stays out of the Secret.
  const secret = new kubernetes.core.v1.Secret(
    `${name}-secrets`,
    {
      metadata: { name: APPFLOWY_SECRET_NAME, namespace: parts.namespace },
      type: "Opaque",
      stringData: {
        POSTGRES_PASSWORD: postgresPassword,
        GOTRUE_JWT_SECRET: jwtSecret,
        GOTRUE_ADMIN_PASSWORD: adminPassword,
        APPFLOWY_S3_ACCESS_KEY: minioAccessKey,
        APPFLOWY_S3_SECRET_KEY: minioSecretKey,
        ...(args.smtp ? { SMTP_PASSWORD: pulumi.secret(args.smtp.password) } : {}),
      },
    },
    child,
  );
  return { secret, adminPassword, minioAccessKey, minioSecretKey };
}

/** The data claim of PostgreSQL or MinIO (`appflowy-<service>-data`), default `50Gi`. */
function appflowyClaim(
  parts: AppFlowyParts,
  service: "postgres" | "minio",
  size: string | undefined,
): kubernetes.core.v1.PersistentVolumeClaim {
  return dataClaim(
    `${parts.name}-${service}-data`,
    {
      name: `appflowy-${service}-data`,
      namespace: parts.namespace,
      size: size ?? "50Gi",
      storageClassName: parts.platform.storageClassName,
    },
    { parent: parts.parent, dependsOn: parts.platform.waitFor },
  );
}

/** Runs once, on an empty volume, in POSTGRES_DB. AppFlowy's migrations expect pgvector. */
function postgresInitScripts(parts: AppFlowyParts): kubernetes.core.v1.ConfigMap {
  return new kubernetes.core.v1.ConfigMap(
    `${parts.name}-postgres-init`,
    {
      metadata: { name: "appflowy-postgres-init", namespace: parts.namespace },
      data: { "10-pgvector.sql": "CREATE EXTENSION IF NOT EXISTS vector;\n" },
    },
    { parent: parts.parent },
  );
}
