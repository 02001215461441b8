import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LocalAi } from "../../components/apps/ai/localAi";
import { Heimdall } from "../../components/apps/heimdall";
import { N8n } from "../../components/apps/n8n";
import { Nextcloud } from "../../components/apps/nextcloud";
import { NocoDb } from "../../components/apps/nocodb";
import { APPFLOWY_TEAM_ACCESS, AppFlowyStack } from "../../components/apps/appflowy/appflowyStack";
import { SupabaseSecrets } from "../../components/database/secrets/supabaseSecrets";
import { SupabaseStack } from "../../components/database/supabaseStack";
import {
  GpuPlacement,
  ServicesPlatform,
} from "../../components/toolbox/workloads/servicesPlatform";
import { isolateNamespaces } from "./isolation";
import { backUpDatabases } from "./serviceBackups";
import { serviceDatabasesOf } from "./serviceDatabases";
import { Sector7ServicesConfig } from "./servicesConfig";

/** What the sector7 platform layer hands the services. */
export interface Sector7ServicesPlatform extends ServicesPlatform {
  /** The cluster's provider; default: the ambient one (KUBECONFIG). */
  readonly provider?: kubernetes.Provider;
  /** The ingress controller's LoadBalancer address every service host resolves to. */
  readonly loadBalancerIp: pulumi.Input<string>;
  /** Where Ollama's GPU comes from; undefined: the cluster has no GPU node, Ollama uses CPU. */
  readonly gpu?: GpuPlacement;
  /** Namespace of the ingress controller. Default: {@link INGRESS_CONTROLLER}'s. */
  readonly ingressControllerNamespace?: string;
  /** Namespace of the monitoring stack, admitted to scrape. Default: `monitoring`. */
  readonly monitoringNamespace?: string;
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
  /** What a team can and cannot do without an AppFlowy license, and how teammates get in. */
  readonly appflowyTeamAccess: pulumi.Output<string>;
  readonly appflowyMinioAccessKey: pulumi.Output<string>;
  readonly appflowyMinioSecretKey: pulumi.Output<string>;
  /** Keep it with the backups: n8n's stored credentials cannot be read without it. */
  readonly n8nEncryptionKey: pulumi.Output<string>;
  readonly nextcloudAdminUser: pulumi.Output<string | undefined>;
  readonly nextcloudAdminPassword: pulumi.Output<string | undefined>;
  /** Owner of n8n (created by n8n at start) and super admin of NocoDB. */
  readonly n8nOwnerEmail: pulumi.Output<string>;
  readonly n8nOwnerPassword: pulumi.Output<string>;
  readonly nocodbAdminEmail: pulumi.Output<string>;
  readonly nocodbAdminPassword: pulumi.Output<string>;
  /** Heimdall's ingress login (until its own is set up); undefined when turned off. */
  readonly heimdallLoginUser: pulumi.Output<string | undefined>;
  readonly heimdallLoginPassword: pulumi.Output<string | undefined>;
  /** In-cluster URLs of Ollama and (when enabled) Qdrant, as n8n's credentials are prefilled. */
  readonly aiServiceUrls: pulumi.Output<Record<string, string>>;
  /** Host -> address records to create (seed 004's resolver entries). */
  readonly serviceDnsRecords: pulumi.Output<Record<string, string>>;
  /** Database -> the command that restores its newest dump. */
  readonly databaseRestoreCommands: pulumi.Output<Record<string, string>>;
  /** Database -> the command that takes a dump now. */
  readonly databaseBackupNowCommands: pulumi.Output<Record<string, string>>;
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
  const res = config.resources;
  // The same component as archon-prod's, on its Kubernetes target.
  const supabase = new SupabaseStack(
    "sector7-supabase",
    {
      credentials: secrets,
      target: {
        kind: "kubernetes",
        storageClassName,
        storageSize: config.supabase.storageSize,
        image: config.supabase.image,
        toolsImage: config.backups.toolsImage,
        resources: res.supabasePostgres,
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
      ingressLogin: config.heimdall.ingressLogin,
      resources: res.heimdall,
      platform,
    },
    opts,
  );

  const ai = new LocalAi(
    "sector7-ai",
    {
      gpu: platform.gpu ? { ...platform.gpu, count: config.ai.ollamaGpus } : undefined,
      models: config.ai.ollamaModels,
      ollamaStorageSize: config.ai.ollamaStorageSize,
      qdrant: config.ai.qdrantEnabled,
      qdrantStorageSize: config.ai.qdrantStorageSize,
      images: { ollama: config.ai.ollamaImage, qdrant: config.ai.qdrantImage },
      ollamaResources: res.ollama,
      qdrantResources: res.qdrant,
      platform,
    },
    opts,
  );

  const n8n = new N8n(
    "sector7-n8n",
    {
      host: config.hosts.n8n,
      database: connection("n8n"),
      ownerEmail: config.ownerEmail,
      ai: { ollamaUrl: ai.ollamaUrl, qdrantUrl: ai.qdrantUrl },
      resources: res.n8n,
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
      adminEmail: config.ownerEmail,
      resources: res.nocodb,
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
          maxUploadGi: config.nextcloud.maxUploadGi,
          resources: res.nextcloud,
          redisResources: res.nextcloudRedis,
          image: config.nextcloud.image,
          redisImage: config.nextcloud.redisImage,
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
      smtp: config.appflowy.smtp,
      resources: {
        postgres: res.appflowyPostgres,
        redis: res.appflowyRedis,
        minio: res.appflowyMinio,
        gotrue: res.appflowyGotrue,
        cloud: res.appflowyCloud,
        worker: res.appflowyWorker,
        web: res.appflowyWeb,
        adminFrontend: res.appflowyAdminFrontend,
      },
      platform,
    },
    opts,
  );

  isolateNamespaces(config, platform, opts, {
    supabase: supabase.namespace.metadata.name,
    heimdall: heimdall.namespaceName,
    n8n: n8n.namespaceName,
    nocodb: nocodb.namespaceName,
    nextcloud: nextcloud?.namespaceName,
    appflowy: appflowy.namespace.metadata.name,
    ai: ai.namespace.metadata.name,
  });

  const backups = backUpDatabases(config, storageClassName, supabase, databases, appflowy, opts);

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
    appflowyTeamAccess: pulumi.output(APPFLOWY_TEAM_ACCESS),
    appflowyMinioAccessKey: appflowy.minioAccessKey,
    appflowyMinioSecretKey: appflowy.minioSecretKey,
    n8nEncryptionKey: n8n.encryptionKey,
    nextcloudAdminUser: nextcloud ? nextcloud.adminUser : pulumi.output(undefined),
    nextcloudAdminPassword: nextcloud ? nextcloud.adminPassword : pulumi.output(undefined),
    n8nOwnerEmail: n8n.ownerEmail,
    n8nOwnerPassword: n8n.ownerPassword,
    nocodbAdminEmail: nocodb.adminEmail,
    nocodbAdminPassword: nocodb.adminPassword,
    heimdallLoginUser: heimdall.loginUser ?? pulumi.output(undefined),
    heimdallLoginPassword: heimdall.loginPassword ?? pulumi.output(undefined),
    aiServiceUrls: pulumi.output<Record<string, string>>({
      ollama: ai.ollamaUrl,
      ...(ai.qdrantUrl ? { qdrant: ai.qdrantUrl } : {}),
    }),
    serviceDnsRecords: pulumi
      .output(platform.loadBalancerIp)
      .apply((ip) => Object.fromEntries(hosts.map((host) => [host, ip]))),
    databaseRestoreCommands: backups.restoreCommands,
    databaseBackupNowCommands: backups.backupNowCommands,
  };
}
