import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ArchonApp } from "../../components/archon/archonApp";
import { ArchonSchema } from "../../components/archon/archonSchema";
import { ArchonSourceCheck } from "../../components/archon/archonSource";
import { StoredKeysGuard } from "../../components/archon/storedKeysGuard";
import { PostgresBackups } from "../../components/backups/docker/postgresBackups";
import { PostDeployChecks } from "../../components/archon/postDeployChecks";
import { EdgeCertificates } from "../../components/edge/edgeCertificates";
import { EdgeProxy } from "../../components/edge/edgeProxy";
import { BackupStoreCredentials } from "../../components/backups/store/backupStoreCredentials";
import { OffsiteCopies } from "../../components/backups/docker/offsiteCopies";
import { SupabaseSecrets } from "../../components/database/secrets/supabaseSecrets";
import { POSTGREST_ADMIN_PORT, SupabaseStack } from "../../components/database/supabaseStack";
import { ArchonProdConfig } from "./archonProdConfig";

/** What `pulumi stack output` shows for archon-prod. */
export interface ArchonProdOutputs {
  readonly archonUiUrl: pulumi.Output<string>;
  readonly archonApiUrl: pulumi.Output<string>;
  readonly archonMcpUrl: pulumi.Output<string>;
  readonly archonAgentsUrl: pulumi.Output<string | undefined>;
  readonly kongUrl: pulumi.Output<string>;
  readonly kongInternalUrl: pulumi.Output<string>;
  readonly studioUrl: pulumi.Output<string>;
  readonly postgresUrl: pulumi.Output<string>;
  readonly networkName: pulumi.Output<string>;
  readonly containerNames: pulumi.Output<Record<string, string>>;
  readonly anonKey: pulumi.Output<string>;
  readonly serviceRoleKey: pulumi.Output<string>;
  readonly postgresPassword: pulumi.Output<string>;
  readonly studioUsername: pulumi.Output<string>;
  readonly studioPassword: pulumi.Output<string>;
  readonly archonBootstrapSecret: pulumi.Output<string | undefined>;
  /** The edge login in front of an upstream Archon; undefined without one. */
  readonly archonEdgeUsername: pulumi.Output<string | undefined>;
  readonly archonEdgePassword: pulumi.Output<string | undefined>;
  readonly backupRestoreCommand: pulumi.Output<string | undefined>;
  readonly backupRestoreProcedure: pulumi.Output<string | undefined>;
  readonly backupNowCommands: pulumi.Output<Record<string, string> | undefined>;
  readonly archonPublicUrl: pulumi.Output<string | undefined>;
  readonly studioPublicUrl: pulumi.Output<string | undefined>;
  /** Name -> address of the A records the edge's names need (as sector7's `dnsRecords`). */
  readonly dnsRecords: pulumi.Output<Record<string, string> | undefined>;
  /** Where the dumps are copied off the host, when they are. */
  readonly offsiteTarget: pulumi.Output<string | undefined>;
  /** The key pair to register on the off-host store (secrets), when Pulumi generated it. */
  readonly offsiteAccessKeyId: pulumi.Output<string | undefined>;
  readonly offsiteSecretAccessKey: pulumi.Output<string | undefined>;
  /** Whence the edge's certificate comes. */
  readonly certificateSource: pulumi.Output<string | undefined>;
}

/**
 * The Docker host of seeds 000 and 003: one bridge network, the Supabase subset and Archon, all
 * published on 127.0.0.1.
 */
export function deployArchonProd(config: ArchonProdConfig): ArchonProdOutputs {
  const provider = new docker.Provider("archon-docker", { host: config.dockerHost });
  const opts = { provider };

  const network = new docker.Network(
    "archon-network",
    {
      name: config.network.name,
      driver: "bridge",
      ipamConfigs: [{ subnet: config.network.subnet, ipRange: config.network.dynamicRange }],
    },
    opts,
  );

  const secrets = new SupabaseSecrets("archon-supabase-secrets", {
    jwtSecret: config.supabase.jwtSecret,
    jwtIssuedAt: config.supabase.jwtIssuedAt,
    jwtExpiresAt: config.supabase.jwtExpiresAt,
    dashboardUsername: config.supabase.dashboardUsername,
  });

  const supabaseStack = new SupabaseStack(
    "archon-supabase",
    {
      credentials: secrets,
      images: config.supabase.images,
      jwtExpirySeconds: config.supabase.jwtExpirySeconds,
      postgresSettings: config.resources.postgresSettings,
      memoryMb: config.resources.supabaseMemoryMb,
      publicUrl: config.edge.mode === "none" ? undefined : `https://${config.edge.supabaseHost}`,
      target: {
        kind: "docker",
        networkName: network.name,
        kongAddress: config.network.kongAddress,
        containerNamePrefix: "archon-",
        hostPorts: config.supabase.hostPorts,
        postgresVolumeName: config.supabase.postgresVolumeName,
        postgresConfigVolumeName: config.supabase.postgresConfigVolumeName,
        dockerHost: config.dockerHost,
      },
    },
    { providers: [provider] },
  );
  const supabase = supabaseStack.onDocker();

  // The checkout must be the Archon the contract records describe (archon:sourceRef) before
  // anything is built or migrated from it.
  const images = config.archon.images;
  const sourceCheck =
    images.kind === "build" && config.archon.sourceRef
      ? new ArchonSourceCheck("archon-source", {
          sourcePath: images.sourcePath,
          sourceRef: config.archon.sourceRef,
        })
      : undefined;

  // Rotating what SUPABASE_SERVICE_KEY derives from makes Archon's stored API keys unreadable.
  new StoredKeysGuard("archon-stored-keys", {
    serviceRoleKey: secrets.serviceRoleKey,
    acknowledgeStoredKeyLoss: config.archon.acknowledgeStoredKeyLoss,
  });

  const schema = new ArchonSchema(
    "archon-schema",
    {
      migrationPath: config.archon.migrationPath,
      postgresContainer: supabase.postgres.name,
      postgresPassword: secrets.postgresPassword,
      dockerHost: config.dockerHost,
      triggers: [supabase.postgres.id, config.archon.sourceRef ?? config.archon.migrationPath],
      waitFor: [supabase.postgres, ...(sourceCheck ? [sourceCheck.command] : [])],
    },
    { providers: [provider] },
  );

  const archon = new ArchonApp(
    "archon",
    {
      networkName: network.name,
      supabaseUrl: supabase.internalApiUrl,
      serviceRoleKey: secrets.serviceRoleKey,
      jwtSecret: config.archon.kind === "self-authenticating" ? secrets.jwtSecret : undefined,
      images,
      kind: config.archon.kind,
      migrationPath: config.archon.migrationPath,
      ports: config.archon.ports,
      memoryMb: config.resources.archonMemoryMb,
      agentsEnabled: config.archon.agentsEnabled,
      devMode: config.archon.devMode,
      dockerProxy: config.archon.dockerProxy
        ? {
            image: config.archon.dockerProxy.image,
            memoryMb: config.resources.otherMemoryMb.dockerProxy,
          }
        : false,
      publicHost: config.archon.publicHost,
      allowedHosts: config.archon.allowedHosts,
      logLevel: config.archon.logLevel,
      openaiApiKey: config.archon.openaiApiKey,
      logfireToken: config.archon.logfireToken,
      buildAfter: sourceCheck ? [sourceCheck.command] : undefined,
      waitFor: [supabase.postgres, supabase.kong, schema.command],
    },
    { providers: [provider] },
  );

  const backups = config.backup.enabled
    ? new PostgresBackups(
        "archon-backups",
        {
          networkName: network.name,
          postgresPassword: secrets.postgresPassword,
          databases: config.backup.databases,
          hostDirectory: config.backup.hostDirectory,
          image: config.backup.image,
          memoryMb: config.resources.otherMemoryMb.backup,
          // Archon's containers write to the database; Studio only through a person.
          writers: [archon.server, archon.mcp, ...(archon.agents ? [archon.agents] : [])].map(
            (c) => c.name,
          ),
          waitFor: [supabase.postgres, supabase.rolePasswords],
        },
        { providers: [provider] },
      )
    : undefined;

  const edge = config.edge;
  const inContainer = edge.mode === "container";
  // Upstream Archon authenticates nobody: the edge never publishes it without a login.
  const archonLogin =
    edge.mode !== "none" && config.archon.kind === "upstream"
      ? {
          user: edge.archonLogin.user,
          password: pulumi.secret(
            edge.archonLogin.password ??
              new random.RandomPassword("archon-edge-login-password", {
                length: 32,
                special: false,
              }).result,
          ),
        }
      : undefined;
  const local = (container: string, internal: number, hostPort: number) => [
    { address: inContainer ? `${container}:${internal}` : `127.0.0.1:${hostPort}`, weight: 100 },
  ];
  const offsite = config.offsite;
  const offsiteKeys =
    offsite &&
    new BackupStoreCredentials("archon-offsite-store", {
      accessKeyId: offsite.accessKeyId,
      secretAccessKey: offsite.secretAccessKey,
    });
  const offsiteCopies =
    offsite && offsiteKeys
      ? new OffsiteCopies(
          "archon-offsite",
          {
            hostDirectory: config.backup.hostDirectory,
            store: {
              endpoint: offsite.endpoint,
              bucket: offsite.bucket,
              region: offsite.region,
              accessKeyId: offsiteKeys.accessKeyId,
              secretAccessKey: offsiteKeys.secretAccessKey,
            },
            prefix: offsite.prefix,
            intervalMinutes: offsite.intervalMinutes,
            networkName: network.name,
            image: offsite.image,
            memoryMb: config.resources.otherMemoryMb.offsite,
          },
          { providers: [provider], dependsOn: backups ? [backups] : [] },
        )
      : undefined;
  const certificates =
    config.certbot &&
    new EdgeCertificates(
      "archon-certificates",
      {
        domains: [edge.archonHost, edge.supabaseHost],
        directory: edge.certificateDirectory,
        networkName: network.name,
        staging: config.certbot.staging,
        email: config.certbot.email,
        image: config.certbot.image,
        memoryMb: config.resources.otherMemoryMb.certbot,
      },
      { providers: [provider] },
    );
  const proxy =
    edge.mode === "none"
      ? undefined
      : new EdgeProxy(
          "archon-edge",
          {
            sites: {
              archonHost: edge.archonHost,
              supabaseHost: edge.supabaseHost,
              certificatePath: edge.certificatePath,
              certificateKeyPath: edge.certificateKeyPath,
              acmeWebroot: certificates?.webroot,
              upstreams: {
                ui: edge.backends.ui ?? local("archon-ui", 3737, config.archon.ports.ui),
                server:
                  edge.backends.server ??
                  local("archon-server", config.archon.ports.server, config.archon.ports.server),
                studio:
                  edge.backends.studio ??
                  local("archon-studio", 3000, config.supabase.hostPorts.studio),
              },
            },
            studioUser: secrets.dashboardUsername,
            studioPassword: secrets.dashboardPassword,
            archonLogin,
            mode: inContainer
              ? {
                  kind: "container",
                  networkName: network.name,
                  certificateDirectory: edge.certificateDirectory,
                  image: edge.image,
                  memoryMb: config.resources.otherMemoryMb.nginx,
                }
              : { kind: "host", ssh: edge.hostSsh },
            waitFor: [
              archon.ui,
              archon.server,
              supabase.studio,
              ...(certificates ? [certificates.bootstrap] : []),
            ],
          },
          { providers: [provider] },
        );

  const renewal =
    certificates && proxy?.container ? certificates.renewAfter(proxy.container) : undefined;
  const containers = [
    supabase.postgres,
    supabase.rest,
    supabase.meta,
    supabase.kong,
    supabase.studio,
    archon.server,
    archon.mcp,
    archon.ui,
    ...(archon.agents ? [archon.agents] : []),
    ...(archon.dockerProxy ? [archon.dockerProxy.container] : []),
    ...(backups ? [backups.container] : []),
    ...(proxy?.container ? [proxy.container] : []),
    ...(renewal ? [renewal] : []),
  ];
  new PostDeployChecks(
    "archon-checks",
    {
      targets: pulumi
        .all([
          pulumi.all(containers.map((c) => c.name)),
          supabase.postgres.name,
          archon.server.name,
          archon.ui.name,
          supabase.studio.name,
        ])
        .apply(([all, postgres, server, ui, studio]) => ({
          containers: all,
          postgresContainer: postgres,
          serverContainer: server,
          serverPort: config.archon.ports.server,
          mcpPort: config.archon.ports.mcp,
          uiContainer: ui,
          studioContainer: studio,
          postgrestAdmin: `rest:${POSTGREST_ADMIN_PORT}`,
          // The edge as a browser meets it; host mode's nginx through the host gateway.
          edge: proxy
            ? {
                address: inContainer ? "archon-nginx" : "host.docker.internal",
                httpPort: 80,
                httpsPort: 443,
                archonHost: edge.archonHost,
                supabaseHost: edge.supabaseHost,
                archonStatus: archonLogin ? 401 : 200,
              }
            : undefined,
        })),
      dockerHost: config.dockerHost,
      containers,
      containerIds: containers.map((c) => c.id),
    },
    { providers: [provider] },
  );

  return {
    archonPublicUrl: pulumi.output(proxy ? `https://${edge.archonHost}` : undefined),
    studioPublicUrl: pulumi.output(proxy ? `https://${edge.supabaseHost}` : undefined),
    dnsRecords: pulumi.output(
      proxy
        ? Object.fromEntries(
            [edge.archonHost, edge.supabaseHost].map((host) => [
              host,
              config.publicAddress ?? "<the Docker host's public address: set edge:publicAddress>",
            ]),
          )
        : undefined,
    ),
    offsiteTarget: pulumi.output(offsiteCopies?.target),
    offsiteAccessKeyId: offsiteKeys
      ? pulumi.secret(offsiteKeys.accessKeyId)
      : pulumi.output(undefined),
    offsiteSecretAccessKey: offsiteKeys
      ? pulumi.secret(offsiteKeys.secretAccessKey)
      : pulumi.output(undefined),
    certificateSource: pulumi.output(
      proxy
        ? certificates
          ? `Let's Encrypt ${config.certbot?.staging ? "staging" : "production"} by certbot (HTTP-01 through the edge), in ${edge.certificateDirectory}`
          : `existing files: ${edge.certificatePath}`
        : undefined,
    ),
    backupRestoreCommand: backups ? backups.restoreCommand : pulumi.output(undefined),
    backupRestoreProcedure: backups ? backups.restoreProcedure : pulumi.output(undefined),
    backupNowCommands: backups ? backups.backupNowCommands : pulumi.output(undefined),
    archonUiUrl: archon.uiUrl,
    archonApiUrl: archon.serverUrl,
    archonMcpUrl: archon.mcpUrl,
    archonAgentsUrl: archon.agentsUrl,
    kongUrl: supabase.apiUrl,
    kongInternalUrl: supabase.internalApiUrl,
    studioUrl: supabase.studioUrl,
    postgresUrl: supabase.postgresUrl,
    networkName: network.name,
    containerNames: pulumi
      .all([supabase.containerNames, archon.containerNames])
      .apply(([a, b]): Record<string, string> => ({ ...a, ...b })),
    anonKey: secrets.anonKey,
    serviceRoleKey: secrets.serviceRoleKey,
    postgresPassword: secrets.postgresPassword,
    studioUsername: secrets.dashboardUsername,
    studioPassword: secrets.dashboardPassword,
    archonBootstrapSecret: archon.bootstrapSecret,
    archonEdgeUsername: pulumi.output(archonLogin?.user),
    archonEdgePassword: archonLogin ? archonLogin.password : pulumi.output(undefined),
  };
}
