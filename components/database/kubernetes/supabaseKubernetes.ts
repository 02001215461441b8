import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { namespace } from "../../toolbox/kubernetes/namespace";
import {
  appLabels,
  ContainerResources,
  healthProbes,
  plainEnv,
  resourcesOf,
  secretEnv,
  selectorOf,
} from "../../toolbox/workloads/containers";
import { dataClaim } from "../../toolbox/workloads/persistentClaim";
import { deploymentTimeouts } from "../../toolbox/workloads/webApp";
import { DEFAULT_STORAGE_CLASS } from "../../toolbox/workloads/servicesPlatform";
import { DEFAULT_SUPABASE_IMAGES } from "../images";
import { DEFAULT_POSTGRES_SETTINGS, postgresCommand } from "../postgresCommand";
import {
  CONFIG_DIR,
  DATA_DIR,
  POSTGRES_READY_COMMAND,
  renderRolePasswordsOnStart,
  renderRolesInitSql,
  ROLES_INIT_SCRIPT,
  SOCKET_DIR,
  SUPABASE_DATABASE,
  SUPABASE_SUPERUSER,
} from "../postgresImageContract";
import type { SupabaseCredentials } from "../supabaseStack";
import { ServiceDatabaseSpec } from "./provisioningSql";
import { ServiceDatabaseConnection, ServiceDatabases } from "./serviceDatabases";

/** Run Supabase's PostgreSQL in a Kubernetes cluster (seed 004, phase 4.2). */
export interface SupabaseKubernetesTarget {
  readonly kind: "kubernetes";
  /** Default: `supabase`. Retained on delete: it holds the data claim. */
  readonly namespace?: string;
  /** StorageClass of the data claim. Default: `longhorn`. */
  readonly storageClassName?: pulumi.Input<string>;
  /** Size of the data claim. Default: `100Gi`. */
  readonly storageSize?: string;
  /** Default: Supabase's Postgres image of archon-prod ({@link DEFAULT_SUPABASE_IMAGES}). */
  readonly image?: string;
  /** Image of the job that provisions `databases` (psql 15 or newer). Default: ServiceDatabases'. */
  readonly toolsImage?: string;
  /** Default: {@link DEFAULT_SUPABASE_POSTGRES_RESOURCES}. */
  readonly resources?: ContainerResources;
  /** Postgres `-c` settings. Default: {@link DEFAULT_POSTGRES_SETTINGS}. */
  readonly postgresSettings?: Readonly<Record<string, string>>;
  /** One database and role per service (n8n, NocoDB, Nextcloud). Default: none. */
  readonly databases?: readonly ServiceDatabaseSpec[];
  /** Resources the server waits for (the storage class's provider). */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

export interface SupabaseKubernetesArgs {
  /** From SupabaseSecrets: stored in the Secret `supabase-secrets`. */
  readonly credentials: SupabaseCredentials;
  readonly target: SupabaseKubernetesTarget;
}

export const DEFAULT_SUPABASE_POSTGRES_RESOURCES: ContainerResources = {
  requests: { cpu: "500m", memory: "1Gi" },
  limits: { cpu: "2", memory: "4Gi" },
};

/** Names seed 004 uses: `kubectl exec -n supabase supabase-db-0 -- psql -U postgres`. */
export const SUPABASE_DB_NAME = "supabase-db";
export const SUPABASE_SECRET_NAME = "supabase-secrets";
/** The config claim's sub-directory (its root holds lost+found). */
const CONFIG_SUBDIR = "postgresql-custom";

/**
 * Unlike a Docker named volume, an empty claim hides what the image keeps at the mount point, and
 * the image's postgresql.conf includes files from /etc/postgresql-custom. On first start this
 * copies them onto the claim, once; the root key the image then generates stays beside them.
 */
function seedConfigDirectory(image: string): kubernetes.types.input.core.v1.Container {
  return {
    name: "seed-config",
    image,
    command: [
      "sh",
      "-c",
      `[ -n "$(ls -A /seed/${CONFIG_SUBDIR} 2>/dev/null)" ] || { mkdir -p /seed/${CONFIG_SUBDIR} && cp -a ${CONFIG_DIR}/. /seed/${CONFIG_SUBDIR}/; }`,
    ],
    resources: resourcesOf({
      requests: { cpu: "10m", memory: "16Mi" },
      limits: { cpu: "100m", memory: "64Mi" },
    }),
    volumeMounts: [{ name: "config", mountPath: "/seed" }],
  };
}

/**
 * Supabase's PostgreSQL as a single-replica StatefulSet: credentials in the Secret
 * `supabase-secrets` (POSTGRES_PASSWORD, JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY), data on a
 * protected, retained Longhorn claim, reachable only inside the cluster through a ClusterIP
 * Service, and optionally one database and role per service, provisioned idempotently.
 */
export class SupabaseKubernetes extends pulumi.ComponentResource {
  readonly namespace: kubernetes.core.v1.Namespace;
  readonly secret: kubernetes.core.v1.Secret;
  readonly claim: kubernetes.core.v1.PersistentVolumeClaim;
  /** `/etc/postgresql-custom`: the image's config includes and the pgsodium/Vault root key. */
  readonly configClaim: kubernetes.core.v1.PersistentVolumeClaim;
  readonly statefulSet: kubernetes.apps.v1.StatefulSet;
  readonly service: kubernetes.core.v1.Service;
  readonly serviceDatabases: ServiceDatabases;
  /** Host name of the server from any namespace. */
  readonly host: string;
  /** `postgresql://supabase_admin@<host>:5432/postgres` (no password). */
  readonly postgresUrl: pulumi.Output<string>;
  /** Service name -> its own database connection (password secret). */
  readonly connections: Readonly<Record<string, ServiceDatabaseConnection>>;
  /** What a service waits for before it connects: the server, and its database provisioned. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: SupabaseKubernetesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:supabase:SupabaseKubernetes", name, {}, opts);
    const target = args.target;
    const child = { parent: this };
    const ns = target.namespace ?? "supabase";
    const creds = args.credentials;
    const labels = appLabels(SUPABASE_DB_NAME, "supabase");

    this.namespace = namespace(
      `${name}-namespace`,
      { name: ns, podSecurity: "baseline", retainOnDelete: true },
      child,
    );
    const nsName = this.namespace.metadata.name;

    this.secret = new kubernetes.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: SUPABASE_SECRET_NAME, namespace: nsName },
        type: "Opaque",
        stringData: {
          POSTGRES_PASSWORD: pulumi.secret(creds.postgresPassword),
          JWT_SECRET: pulumi.secret(creds.jwtSecret),
          ANON_KEY: pulumi.secret(creds.anonKey),
          SERVICE_ROLE_KEY: pulumi.secret(creds.serviceRoleKey),
        },
      },
      child,
    );

    this.claim = dataClaim(
      `${name}-data`,
      {
        name: `${SUPABASE_DB_NAME}-data`,
        namespace: nsName,
        size: target.storageSize ?? "100Gi",
        storageClassName: target.storageClassName ?? DEFAULT_STORAGE_CLASS,
        labels,
      },
      { ...child, dependsOn: target.waitFor ?? [] },
    );

    this.service = new kubernetes.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: SUPABASE_DB_NAME, namespace: nsName, labels },
        spec: {
          type: "ClusterIP",
          selector: selectorOf(SUPABASE_DB_NAME),
          ports: [{ name: "postgres", port: 5432, targetPort: "postgres" }],
        },
      },
      child,
    );

    // StatefulSets name their pods through a headless Service; clients use the ClusterIP one.
    const headless = new kubernetes.core.v1.Service(
      `${name}-headless`,
      {
        metadata: { name: `${SUPABASE_DB_NAME}-headless`, namespace: nsName, labels },
        spec: {
          clusterIP: "None",
          selector: selectorOf(SUPABASE_DB_NAME),
          ports: [{ name: "postgres", port: 5432, targetPort: "postgres" }],
        },
      },
      child,
    );

    this.configClaim = dataClaim(
      `${name}-config`,
      {
        name: `${SUPABASE_DB_NAME}-config`,
        namespace: nsName,
        size: "1Gi",
        storageClassName: target.storageClassName ?? DEFAULT_STORAGE_CLASS,
        labels,
      },
      { ...child, dependsOn: target.waitFor ?? [] },
    );
    const rolesScript = new kubernetes.core.v1.ConfigMap(
      `${name}-init-roles`,
      {
        metadata: { name: `${SUPABASE_DB_NAME}-init-roles`, namespace: nsName, labels },
        data: { "99-roles.sql": renderRolesInitSql() },
      },
      child,
    );

    const image = target.image ?? DEFAULT_SUPABASE_IMAGES.postgres;
    let serverArgs: string[];
    try {
      serverArgs = postgresCommand(target.postgresSettings ?? DEFAULT_POSTGRES_SETTINGS);
    } catch (error) {
      throw new pulumi.ResourceError((error as Error).message, this);
    }
    this.statefulSet = new kubernetes.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata: { name: SUPABASE_DB_NAME, namespace: nsName, labels },
        spec: {
          replicas: 1,
          serviceName: headless.metadata.name,
          selector: { matchLabels: selectorOf(SUPABASE_DB_NAME) },
          template: {
            metadata: { labels },
            spec: {
              terminationGracePeriodSeconds: 60,
              initContainers: [seedConfigDirectory(image)],
              containers: [
                {
                  name: "postgres",
                  image,
                  // `args`, not `command`: Kubernetes' command replaces the image's entrypoint,
                  // which initializes an empty volume and Supabase's roles before starting.
                  args: serverArgs,
                  ports: [{ name: "postgres", containerPort: 5432 }],
                  // No POSTGRES_USER: the image initializes as its own superuser (supabase_admin).
                  env: [
                    secretEnv("POSTGRES_PASSWORD", this.secret.metadata.name),
                    ...plainEnv({ POSTGRES_DB: SUPABASE_DATABASE, POSTGRES_HOST: SOCKET_DIR }),
                  ],
                  resources: resourcesOf(target.resources ?? DEFAULT_SUPABASE_POSTGRES_RESOURCES),
                  ...healthProbes(
                    { kind: "exec", command: POSTGRES_READY_COMMAND },
                    undefined,
                    600,
                  ),
                  // The image sets passwords on an empty volume only; this keeps the login roles'
                  // passwords equal to the Secret's on every start (a rotation included).
                  lifecycle: {
                    postStart: { exec: { command: ["sh", "-c", renderRolePasswordsOnStart()] } },
                  },
                  volumeMounts: [
                    // A sub-directory: the volume's root holds lost+found, which initdb refuses.
                    { name: "data", mountPath: DATA_DIR, subPath: "pgdata" },
                    { name: "config", mountPath: CONFIG_DIR, subPath: CONFIG_SUBDIR },
                    {
                      name: "init-roles",
                      mountPath: ROLES_INIT_SCRIPT,
                      subPath: "99-roles.sql",
                      readOnly: true,
                    },
                    // Parallel queries use /dev/shm; the runtime's 64 MiB default is too small.
                    { name: "shm", mountPath: "/dev/shm" },
                  ],
                },
              ],
              volumes: [
                { name: "data", persistentVolumeClaim: { claimName: this.claim.metadata.name } },
                {
                  name: "config",
                  persistentVolumeClaim: { claimName: this.configClaim.metadata.name },
                },
                { name: "init-roles", configMap: { name: rolesScript.metadata.name } },
                { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "256Mi" } },
              ],
            },
          },
        },
      },
      {
        ...child,
        dependsOn: [this.claim, this.configClaim, this.secret, rolesScript, headless],
        // serviceName cannot change in place; the data is on its own claim, not the pod's.
        deleteBeforeReplace: true,
        // First boot runs the image's migrations within the probes' 600 s start allowance.
        ...deploymentTimeouts(600),
      },
    );

    this.host = `${SUPABASE_DB_NAME}.${ns}.svc.cluster.local`;
    this.postgresUrl = pulumi.output(
      `postgresql://${SUPABASE_SUPERUSER}@${this.host}:5432/${SUPABASE_DATABASE}`,
    );

    this.serviceDatabases = new ServiceDatabases(
      `${name}-databases`,
      {
        namespace: nsName,
        serviceName: SUPABASE_DB_NAME,
        clusterHost: this.host,
        adminPassword: { secretName: this.secret.metadata.name, key: "POSTGRES_PASSWORD" },
        databases: target.databases ?? [],
        image: target.toolsImage,
        waitFor: [this.statefulSet, this.service],
      },
      child,
    );
    this.connections = this.serviceDatabases.connections;
    this.ready = [
      this.statefulSet,
      this.service,
      ...(this.serviceDatabases.job ? [this.serviceDatabases.job] : []),
    ];

    this.registerOutputs({ postgresUrl: this.postgresUrl });
  }
}
