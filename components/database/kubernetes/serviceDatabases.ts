import { createHash } from "crypto";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { DEFAULT_BACKUP_IMAGE } from "../../backups/docker/postgresBackups";
import {
  ContainerResources,
  plainEnv,
  resourcesOf,
  secretEnv,
} from "../../toolbox/workloads/containers";
import { SUPABASE_SUPERUSER } from "../postgresImageContract";
import {
  renderProvisioningSql,
  scramSha256Verifier,
  ServiceDatabaseSpec,
  verifierEnvName,
} from "./provisioningSql";

/** How one service reaches its own database. `password` is a secret. */
export interface ServiceDatabaseConnection {
  /** Host name that resolves from any namespace, e.g. `supabase-db.supabase.svc.cluster.local`. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  readonly password: pulumi.Output<string>;
}

export interface ServiceDatabasesArgs {
  /** Namespace of the PostgreSQL server (the job runs there). */
  readonly namespace: pulumi.Input<string>;
  /** The server's Service name inside that namespace, e.g. `supabase-db`. */
  readonly serviceName: string;
  /** Host name other namespaces use, e.g. `supabase-db.supabase.svc.cluster.local`. */
  readonly clusterHost: string;
  /**
   * Role the job logs in as. Default: the image's superuser `supabase_admin` (the image demotes
   * `postgres`, which then cannot hand a new database to a new role).
   */
  readonly adminUser?: string;
  /** Secret and key holding the admin's password. */
  readonly adminPassword: { readonly secretName: pulumi.Input<string>; readonly key: string };
  readonly databases: readonly ServiceDatabaseSpec[];
  /** Image with psql 15 or newer. Default: {@link DEFAULT_BACKUP_IMAGE}. */
  readonly image?: string;
  /** Resources the job waits for: the server being ready. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

const JOB_RESOURCES: ContainerResources = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { cpu: "500m", memory: "256Mi" },
};

/**
 * One role and one database per service on a shared PostgreSQL, each with its own generated
 * password (a secret), created by a Job that runs a psql script. The script is idempotent, and
 * the Job's name carries a hash of the script and the password verifiers, so it runs again
 * exactly when a database is added or a password is rotated.
 */
export class ServiceDatabases extends pulumi.ComponentResource {
  /** Service name -> its connection. */
  readonly connections: Readonly<Record<string, ServiceDatabaseConnection>>;
  readonly script: string;
  readonly job?: kubernetes.batch.v1.Job;

  constructor(name: string, args: ServiceDatabasesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:supabase:ServiceDatabases", name, {}, opts);
    const child = { parent: this };
    const services = args.databases.map((d) => d.service);
    if (new Set(services).size !== services.length) {
      throw new pulumi.ResourceError(`services listed twice: ${services.join(", ")}`, this);
    }
    this.script = renderProvisioningSql(args.databases);

    const connections: Record<string, ServiceDatabaseConnection> = {};
    const verifiers: Record<string, pulumi.Output<string>> = {};
    for (const spec of args.databases) {
      const password = pulumi.secret(
        new random.RandomPassword(
          `${name}-${spec.service}-password`,
          { length: 40, special: false },
          child,
        ).result,
      );
      connections[spec.service] = {
        host: args.clusterHost,
        port: 5432,
        database: spec.database,
        username: spec.role,
        password,
      };
      verifiers[verifierEnvName(spec)] = pulumi.secret(
        password.apply((p) => scramSha256Verifier(p, spec.role)),
      );
    }
    this.connections = connections;

    if (args.databases.length === 0) {
      this.registerOutputs({});
      return;
    }

    const prefix = args.serviceName;
    const verifierSecret = new kubernetes.core.v1.Secret(
      `${name}-verifiers`,
      {
        metadata: { name: `${prefix}-role-verifiers`, namespace: args.namespace },
        type: "Opaque",
        stringData: verifiers,
      },
      child,
    );
    const scriptMap = new kubernetes.core.v1.ConfigMap(
      `${name}-script`,
      {
        metadata: { name: `${prefix}-provisioning`, namespace: args.namespace },
        data: { "provision.sql": this.script },
      },
      child,
    );

    // The hash of a secret reveals nothing usable; unsecret it so the job's name stays readable.
    const digest = pulumi.unsecret(
      pulumi.all(Object.values(verifiers)).apply((values) =>
        createHash("sha256")
          .update([this.script, ...values].join("\0"))
          .digest("hex")
          .slice(0, 10),
      ),
    );

    this.job = new kubernetes.batch.v1.Job(
      `${name}-job`,
      {
        metadata: {
          name: pulumi.interpolate`${prefix}-provision-${digest}`,
          namespace: args.namespace,
          labels: { "app.kubernetes.io/name": `${prefix}-provision` },
        },
        spec: {
          backoffLimit: 10,
          activeDeadlineSeconds: 900,
          // A finished job is only history: its name changes with every new script anyway.
          ttlSecondsAfterFinished: 86400,
          template: {
            spec: {
              restartPolicy: "OnFailure",
              containers: [
                {
                  name: "provision",
                  image: args.image ?? DEFAULT_BACKUP_IMAGE,
                  command: ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-f", "/sql/provision.sql"],
                  env: [
                    ...plainEnv({
                      PGHOST: args.serviceName,
                      PGPORT: "5432",
                      PGUSER: args.adminUser ?? SUPABASE_SUPERUSER,
                      PGDATABASE: "postgres",
                    }),
                    secretEnv("PGPASSWORD", args.adminPassword.secretName, args.adminPassword.key),
                    ...args.databases.map((spec) =>
                      secretEnv(
                        verifierEnvName(spec),
                        verifierSecret.metadata.name,
                        verifierEnvName(spec),
                      ),
                    ),
                  ],
                  resources: resourcesOf(JOB_RESOURCES),
                  volumeMounts: [{ name: "sql", mountPath: "/sql", readOnly: true }],
                },
              ],
              volumes: [{ name: "sql", configMap: { name: scriptMap.metadata.name } }],
            },
          },
        },
      },
      {
        ...child,
        dependsOn: [verifierSecret, scriptMap, ...(args.waitFor ?? [])],
        // A new name means a new job; the finished one may go.
        deleteBeforeReplace: false,
      },
    );

    this.registerOutputs({ script: this.script });
  }
}

/**
 * The Secret a service reads its database credentials from, in the service's own namespace:
 * keys `host`, `port`, `database`, `username`, `password`.
 */
export function serviceDatabaseSecret(
  resourceName: string,
  spec: { readonly name: string; readonly namespace: pulumi.Input<string> },
  connection: ServiceDatabaseConnection,
  opts: pulumi.CustomResourceOptions,
): kubernetes.core.v1.Secret {
  return new kubernetes.core.v1.Secret(
    resourceName,
    {
      metadata: { name: spec.name, namespace: spec.namespace },
      type: "Opaque",
      stringData: {
        host: connection.host,
        port: String(connection.port),
        database: connection.database,
        username: connection.username,
        password: connection.password,
      },
    },
    opts,
  );
}
