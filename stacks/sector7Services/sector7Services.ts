import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Heimdall } from "../../components/apps/heimdall";
import { N8n } from "../../components/apps/n8n";
import { Nextcloud } from "../../components/apps/nextcloud";
import { NocoDb } from "../../components/apps/nocodb";
import { APPFLOWY_DATABASE, AppFlowyStack } from "../../components/appflowy/appflowyStack";
import { DatabaseBackups } from "../../components/databaseBackups/databaseBackups";
import { SupabaseSecrets } from "../../components/secrets/supabaseSecrets";
import { ServiceDatabaseSpec } from "../../components/supabase/kubernetes/provisioningSql";
import {
  SUPABASE_DB_NAME,
  SUPABASE_SECRET_NAME,
} from "../../components/supabase/kubernetes/supabaseKubernetes";
import { SUPABASE_SUPERUSER } from "../../components/supabase/postgresImageContract";
import { SupabaseStack } from "../../components/supabase/supabaseStack";
import { GpuPlacement, ServicesPlatform } from "../../components/workloads/servicesPlatform";
import { Sector7ServicesConfig } from "./servicesConfig";

/** What the sector7 platform layer hands the services. */
export interface Sector7ServicesPlatform extends ServicesPlatform {
  /** The cluster's provider; default: the ambient one (KUBECONFIG). */
  readonly provider?: kubernetes.Provider;
  /** The ingress controller's LoadBalancer address every service host resolves to. */
  readonly loadBalancerIp: pulumi.Input<string>;
  /** Where n8n's GPU comes from; undefined: the cluster has no GPU node, n8n runs without. */
  readonly gpu?: GpuPlacement;
}

/** What `pulumi stack output` shows for the services (merged into sector7's outputs). */
export interface Sector7ServicesOutputs {
  readonly heimdallUrl: pulumi.Output<string>;
  readonly n8nUrl: pulumi.Output<string>;
  readonly nocodbUrl: pulumi.Output<string>;
  readonly appflowyUrl: pulumi.Output<string>;
  readonly appflowyAdminConsoleUrl: pulumi.Output<string>;
  readonly nextcloudUrl: pulumi.Output<string | undefined>;
  /** Service -> URL, every public one. */
  readonly serviceUrls: pulumi.Output<Record<string, string>>;
  /** In-cluster address of the shared PostgreSQL (no password). */
  readonly supabasePostgresUrl: pulumi.Output<string>;
  readonly supabasePostgresPassword: pulumi.Output<string>;
  readonly supabaseJwtSecret: pulumi.Output<string>;
  readonly supabaseAnonKey: pulumi.Output<string>;
  readonly supabaseServiceRoleKey: pulumi.Output<string>;
  /** Service -> its own database password on the shared PostgreSQL. */
  readonly serviceDatabasePasswords: pulumi.Output<Record<string, string>>;
  readonly appflowyAdminEmail: pulumi.Output<string>;
  readonly appflowyAdminPassword: pulumi.Output<string>;
  readonly appflowyMinioAccessKey: pulumi.Output<string>;
  readonly appflowyMinioSecretKey: pulumi.Output<string>;
  /** Keep it with the backups: n8n's stored credentials cannot be read without it. */
  readonly n8nEncryptionKey: pulumi.Output<string>;
  readonly nextcloudAdminUser: pulumi.Output<string | undefined>;
  readonly nextcloudAdminPassword: pulumi.Output<string | undefined>;
  /** Host -> address records to create (seed 004's resolver entries). */
  readonly serviceDnsRecords: pulumi.Output<Record<string, string>>;
  /** Database -> the command that restores its newest dump. */
  readonly databaseRestoreCommands: pulumi.Output<Record<string, string>>;
  /** Database -> the command that takes a dump now. */
  readonly databaseBackupNowCommands: pulumi.Output<Record<string, string>>;
}

/** One role and database per service on the shared PostgreSQL (seed 001's isolation). */
export function serviceDatabasesOf(config: Sector7ServicesConfig): ServiceDatabaseSpec[] {
  return [
    { service: "n8n", database: "n8n", role: "n8n" },
    { service: "nocodb", database: "nocodb", role: "nocodb" },
    ...(config.nextcloud.enabled
      ? [{ service: "nextcloud", database: "nextcloud", role: "nextcloud" }]
      : []),
  ];
}

/**
 * The services layer of sector7 (seed 004, phases 4 and 5): Supabase's PostgreSQL with one
 * database per service, Heimdall, n8n on the GPU, NocoDB, AppFlowy-Cloud, Nextcloud when
 * enabled, and scheduled pg_dump backups of every database.
 */
export function deploySector7Services(
  config: Sector7ServicesConfig,
  platform: Sector7ServicesPlatform,
): Sector7ServicesOutputs {
  const opts: pulumi.ComponentResourceOptions = platform.provider
    ? { providers: [platform.provider] }
    : {};
  const storageClassName = platform.storageClassName;

  const secrets = new SupabaseSecrets("sector7-supabase-secrets", {
    jwtIssuedAt: config.supabase.jwtIssuedAt,
    jwtExpiresAt: config.supabase.jwtExpiresAt,
  });
  const databases = serviceDatabasesOf(config);
  // The same component as archon-prod's, on its Kubernetes target.
  const supabase = new SupabaseStack(
    "sector7-supabase",
    {
      credentials: secrets,
      target: {
        kind: "kubernetes",
        storageClassName,
        storageSize: config.supabase.storageSize,
        databases,
        waitFor: platform.waitFor,
      },
    },
    opts,
  ).onKubernetes();
  const connection = (service: string) => {
    const found = supabase.connections[service];
    if (!found) {
      throw new Error(`no database provisioned for ${service}`);
    }
    return found;
  };

  const heimdall = new Heimdall(
    "sector7-heimdall",
    {
      host: config.hosts.heimdall,
      storageSize: config.heimdall.storageSize,
      image: config.heimdall.image,
      platform,
    },
    opts,
  );

  const n8n = new N8n(
    "sector7-n8n",
    {
      host: config.hosts.n8n,
      database: connection("n8n"),
      gpu: platform.gpu ? { ...platform.gpu, count: config.n8n.gpus } : undefined,
      storageSize: config.n8n.storageSize,
      image: config.n8n.image,
      platform,
      waitFor: supabase.ready,
    },
    opts,
  );

  const nocodb = new NocoDb(
    "sector7-nocodb",
    {
      host: config.hosts.nocodb,
      database: connection("nocodb"),
      storageSize: config.nocodb.storageSize,
      image: config.nocodb.image,
      platform,
      waitFor: supabase.ready,
    },
    opts,
  );

  const nextcloud = config.nextcloud.enabled
    ? new Nextcloud(
        "sector7-nextcloud",
        {
          host: config.hosts.nextcloud,
          database: connection("nextcloud"),
          storageSize: config.nextcloud.storageSize,
          adminUser: config.nextcloud.adminUser,
          image: config.nextcloud.image,
          platform,
          waitFor: supabase.ready,
        },
        opts,
      )
    : undefined;

  const appflowy = new AppFlowyStack(
    "sector7-appflowy",
    {
      host: config.hosts.appflowy,
      adminEmail: config.appflowy.adminEmail,
      postgresStorageSize: config.appflowy.postgresStorageSize,
      minioStorageSize: config.appflowy.minioStorageSize,
      images: config.appflowy.images,
      disableSignup: config.appflowy.disableSignup,
      platform,
    },
    opts,
  );

  const schedules = config.backups.schedules;
  const supabaseBackups = new DatabaseBackups(
    "sector7-supabase-backups",
    {
      namespace: supabase.namespace.metadata.name,
      namespaceName: "supabase",
      prefix: SUPABASE_DB_NAME,
      host: SUPABASE_DB_NAME,
      user: SUPABASE_SUPERUSER,
      password: { secretName: SUPABASE_SECRET_NAME, key: "POSTGRES_PASSWORD" },
      databases: [
        { database: "postgres", ...schedules.supabase },
        ...databases.map((db) => ({
          database: db.database,
          ownerRole: db.role,
          ...schedules[db.service as keyof typeof schedules],
        })),
      ],
      volumeSize: config.backups.volumeSize,
      storageClassName,
      waitFor: supabase.ready,
    },
    opts,
  );
  const appflowyBackups = new DatabaseBackups(
    "sector7-appflowy-backups",
    {
      namespace: appflowy.namespace.metadata.name,
      namespaceName: appflowy.namespaceName,
      prefix: APPFLOWY_DATABASE.serviceName,
      host: APPFLOWY_DATABASE.serviceName,
      user: APPFLOWY_DATABASE.user,
      password: { secretName: APPFLOWY_DATABASE.secretName, key: APPFLOWY_DATABASE.passwordKey },
      databases: [{ database: APPFLOWY_DATABASE.database, ...schedules.appflowy }],
      volumeSize: config.backups.volumeSize,
      storageClassName,
      // pg_dump of the server's own major version (PostgreSQL 16).
      image: config.appflowy.images.postgres,
      waitFor: [appflowy.services.postgres.workload],
    },
    opts,
  );

  const urls: Record<string, pulumi.Output<string>> = {
    heimdall: heimdall.url,
    n8n: n8n.url,
    nocodb: nocodb.url,
    appflowy: appflowy.url,
    appflowyConsole: appflowy.adminConsoleUrl,
    ...(nextcloud ? { nextcloud: nextcloud.url } : {}),
  };
  const hosts = [
    config.hosts.heimdall,
    config.hosts.n8n,
    config.hosts.nocodb,
    config.hosts.appflowy,
    ...(nextcloud ? [config.hosts.nextcloud] : []),
  ];
  const supabaseDatabasePasswords = Object.fromEntries(
    Object.entries(supabase.connections).map(([service, c]) => [service, c.password]),
  );

  return {
    heimdallUrl: heimdall.url,
    n8nUrl: n8n.url,
    nocodbUrl: nocodb.url,
    appflowyUrl: appflowy.url,
    appflowyAdminConsoleUrl: appflowy.adminConsoleUrl,
    nextcloudUrl: nextcloud ? nextcloud.url : pulumi.output(undefined),
    serviceUrls: pulumi.output(urls),
    supabasePostgresUrl: supabase.postgresUrl,
    supabasePostgresPassword: secrets.postgresPassword,
    supabaseJwtSecret: secrets.jwtSecret,
    supabaseAnonKey: secrets.anonKey,
    supabaseServiceRoleKey: secrets.serviceRoleKey,
    serviceDatabasePasswords: pulumi.secret(pulumi.output(supabaseDatabasePasswords)),
    appflowyAdminEmail: appflowy.adminEmail,
    appflowyAdminPassword: appflowy.adminPassword,
    appflowyMinioAccessKey: appflowy.minioAccessKey,
    appflowyMinioSecretKey: appflowy.minioSecretKey,
    n8nEncryptionKey: n8n.encryptionKey,
    nextcloudAdminUser: nextcloud ? nextcloud.adminUser : pulumi.output(undefined),
    nextcloudAdminPassword: nextcloud ? nextcloud.adminPassword : pulumi.output(undefined),
    serviceDnsRecords: pulumi
      .output(platform.loadBalancerIp)
      .apply((ip) => Object.fromEntries(hosts.map((host) => [host, ip]))),
    databaseRestoreCommands: pulumi
      .all([supabaseBackups.restoreCommands, appflowyBackups.restoreCommands])
      .apply(([a, b]) => ({ ...prefixed("supabase", a), ...prefixed("appflowy", b) })),
    databaseBackupNowCommands: pulumi
      .all([supabaseBackups.backupNowCommands, appflowyBackups.backupNowCommands])
      .apply(([a, b]) => ({ ...prefixed("supabase", a), ...prefixed("appflowy", b) })),
  };
}

/** `{ n8n: ... }` -> `{ "supabase/n8n": ... }`: which server a database lives on. */
function prefixed(server: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${server}/${k}`, v]));
}
