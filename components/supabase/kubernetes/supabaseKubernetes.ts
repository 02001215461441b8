import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { namespace } from "../../kubernetes/namespace";
import {
  appLabels,
  ContainerResources,
  healthProbes,
  plainEnv,
  resourcesOf,
  secretEnv,
  selectorOf,
} from "../../workloads/containers";
import { dataClaim } from "../../workloads/persistentClaim";
import { DEFAULT_STORAGE_CLASS } from "../../workloads/servicesPlatform";
import { DEFAULT_SUPABASE_IMAGES } from "../images";
import { DEFAULT_POSTGRES_SETTINGS, postgresCommand } from "../postgresCommand";
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
  /** Lifetime of user JWTs, in seconds (the server's `JWT_EXP`). Default: 3600. */
  readonly jwtExpirySeconds?: number;
}

export const DEFAULT_SUPABASE_POSTGRES_RESOURCES: ContainerResources = {
  requests: { cpu: "500m", memory: "1Gi" },
  limits: { cpu: "2", memory: "4Gi" },
};

/** Names seed 004 uses: `kubectl exec -n supabase supabase-db-0 -- psql -U postgres`. */
export const SUPABASE_DB_NAME = "supabase-db";
export const SUPABASE_SECRET_NAME = "supabase-secrets";
const DATA_DIR = "/var/lib/postgresql/data";

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
  readonly statefulSet: kubernetes.apps.v1.StatefulSet;
  readonly service: kubernetes.core.v1.Service;
  readonly serviceDatabases: ServiceDatabases;
  /** Host name of the server from any namespace. */
  readonly host: string;
  /** `postgresql://postgres@<host>:5432/postgres` (no password). */
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

    const pgIsReady = ["pg_isready", "-U", "postgres", "-h", "127.0.0.1", "-p", "5432"];
    this.statefulSet = new kubernetes.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata: { name: SUPABASE_DB_NAME, namespace: nsName, labels },
        spec: {
          replicas: 1,
          serviceName: this.service.metadata.name,
          selector: { matchLabels: selectorOf(SUPABASE_DB_NAME) },
          template: {
            metadata: { labels },
            spec: {
              terminationGracePeriodSeconds: 60,
              containers: [
                {
                  name: "postgres",
                  image: target.image ?? DEFAULT_SUPABASE_IMAGES.postgres,
                  // `args`, not `command`: Kubernetes' command replaces the image's entrypoint,
                  // which initializes an empty volume and Supabase's roles before starting.
                  args: postgresCommand(target.postgresSettings ?? DEFAULT_POSTGRES_SETTINGS),
                  ports: [{ name: "postgres", containerPort: 5432 }],
                  env: [
                    secretEnv("POSTGRES_PASSWORD", this.secret.metadata.name),
                    secretEnv("JWT_SECRET", this.secret.metadata.name),
                    ...plainEnv({
                      POSTGRES_USER: "postgres",
                      POSTGRES_DB: "postgres",
                      POSTGRES_HOST: "/var/run/postgresql",
                      JWT_EXP: String(args.jwtExpirySeconds ?? 3600),
                    }),
                  ],
                  resources: resourcesOf(target.resources ?? DEFAULT_SUPABASE_POSTGRES_RESOURCES),
                  ...healthProbes({ kind: "exec", command: pgIsReady }, undefined, 600),
                  volumeMounts: [
                    // A sub-directory: the volume's root holds lost+found, which initdb refuses.
                    { name: "data", mountPath: DATA_DIR, subPath: "pgdata" },
                    // Parallel queries use /dev/shm; the runtime's 64 MiB default is too small.
                    { name: "shm", mountPath: "/dev/shm" },
                  ],
                },
              ],
              volumes: [
                { name: "data", persistentVolumeClaim: { claimName: this.claim.metadata.name } },
                { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "256Mi" } },
              ],
            },
          },
        },
      },
      { ...child, dependsOn: [this.claim, this.secret] },
    );

    this.host = `${SUPABASE_DB_NAME}.${ns}.svc.cluster.local`;
    this.postgresUrl = pulumi.output(`postgresql://postgres@${this.host}:5432/postgres`);

    this.serviceDatabases = new ServiceDatabases(
      `${name}-databases`,
      {
        namespace: nsName,
        serviceName: SUPABASE_DB_NAME,
        clusterHost: this.host,
        adminPassword: { secretName: this.secret.metadata.name, key: "POSTGRES_PASSWORD" },
        databases: target.databases ?? [],
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
