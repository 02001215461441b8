import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { renderBackupScript, renderRestoreScript } from "../docker/backupScripts";
import { DEFAULT_BACKUP_IMAGE } from "../docker/postgresBackups";
import { isCronExpression } from "../../toolbox/kubernetes/cron";
import {
  ContainerResources,
  plainEnv,
  resourcesOf,
  secretEnv,
} from "../../toolbox/workloads/containers";
import { dataClaim } from "../../toolbox/workloads/persistentClaim";
import { DEFAULT_STORAGE_CLASS } from "../../toolbox/workloads/servicesPlatform";

/** When one database is dumped and how many dumps are kept. */
export interface DatabaseBackupPlan {
  readonly database: string;
  /** Five-field cron expression, UTC. */
  readonly schedule: string;
  /** Dumps kept; older ones are pruned after each successful dump. */
  readonly retain: number;
  /**
   * Role that owns the database's objects; a restore creates them as this role (`SET ROLE`),
   * so the service can use them. Default: the backup user.
   */
  readonly ownerRole?: string;
}

export interface DatabaseBackupsArgs {
  /** Namespace of the PostgreSQL server; the CronJobs and backup claims live there too. */
  readonly namespace: pulumi.Input<string>;
  /** The namespace's name as text, for the documented commands. */
  readonly namespaceName: string;
  /** Prefix of every object name, e.g. `supabase-db`. */
  readonly prefix: string;
  /** The server's Service name in the namespace. */
  readonly host: string;
  /** A role that may read every listed database (superuser or member of each owner). */
  readonly user: string;
  readonly password: { readonly secretName: pulumi.Input<string>; readonly key: string };
  readonly databases: readonly DatabaseBackupPlan[];
  /** Size of each database's backup claim. Default: `20Gi`. */
  readonly volumeSize?: string;
  /** Default: `longhorn`. */
  readonly storageClassName?: pulumi.Input<string>;
  /** Image with pg_dump of the server's major version or newer. Default: {@link DEFAULT_BACKUP_IMAGE}. */
  readonly image?: string;
  /** Resources that must exist first (the server, its databases). */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

const JOB_RESOURCES: ContainerResources = {
  requests: { cpu: "50m", memory: "128Mi" },
  limits: { cpu: "1", memory: "1Gi" },
};

const SCRIPTS_DIR = "/opt/pg-backup";
const BACKUP_DIR = "/backups";

/** A Kubernetes-safe name part for a database name. */
function nameOf(database: string): string {
  return database.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

/** The command that restores the newest dump of one database (see {@link DatabaseBackups}). */
export function restoreCommand(namespace: string, prefix: string, database: string): string {
  const cronJob = `${prefix}-restore-${nameOf(database)}`;
  return `kubectl -n ${namespace} create job ${cronJob}-$(date +%s) --from=cronjob/${cronJob}`;
}

/** The command that takes a dump of one database now. */
export function backupNowCommand(namespace: string, prefix: string, database: string): string {
  const cronJob = `${prefix}-backup-${nameOf(database)}`;
  return `kubectl -n ${namespace} create job ${cronJob}-$(date +%s) --from=cronjob/${cronJob}`;
}

/**
 * Scheduled `pg_dump --format=custom` backups, one CronJob per database with its own schedule
 * and retention, each onto its own protected, retained Longhorn claim under
 * `/backups/<database>/<database>-<UTC time>.dump`; dumps beyond the newest `retain` are pruned
 * after each successful dump.
 *
 * Restore: every database also has a suspended CronJob `<prefix>-restore-<database>` that never
 * runs on its own. Stop the service's writers, then
 * `kubectl -n <namespace> create job <prefix>-restore-<database>-$(date +%s) --from=cronjob/<prefix>-restore-<database>`
 * runs `pg_restore --clean --if-exists --no-owner --exit-on-error` of the newest dump (as the
 * database's owner role). To restore an older dump, add the env `DUMP=<file name>` to that job.
 */
export class DatabaseBackups extends pulumi.ComponentResource {
  readonly claims: Readonly<Record<string, kubernetes.core.v1.PersistentVolumeClaim>>;
  readonly cronJobs: Readonly<Record<string, kubernetes.batch.v1.CronJob>>;
  readonly restoreCronJobs: Readonly<Record<string, kubernetes.batch.v1.CronJob>>;
  /** Database -> the command that restores its newest dump. */
  readonly restoreCommands: pulumi.Output<Record<string, string>>;
  /** Database -> the command that takes a dump now. */
  readonly backupNowCommands: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: DatabaseBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:databaseBackups:DatabaseBackups", name, {}, opts);
    const child = { parent: this };
    const problems = args.databases.flatMap((db) => [
      ...(isCronExpression(db.schedule)
        ? []
        : [`${db.database}: schedule "${db.schedule}" is not a five-field cron expression`]),
      ...(Number.isInteger(db.retain) && db.retain >= 1
        ? []
        : [`${db.database}: retain ${db.retain} is not a whole number >= 1`]),
    ]);
    if (problems.length > 0) {
      throw new pulumi.ResourceError(problems.join("; "), this);
    }

    const scripts = new kubernetes.core.v1.ConfigMap(
      `${name}-scripts`,
      {
        metadata: { name: `${args.prefix}-backup-scripts`, namespace: args.namespace },
        data: { "pg-backup": renderBackupScript(), "pg-restore": renderRestoreScript() },
      },
      child,
    );

    const claims: Record<string, kubernetes.core.v1.PersistentVolumeClaim> = {};
    const cronJobs: Record<string, kubernetes.batch.v1.CronJob> = {};
    const restores: Record<string, kubernetes.batch.v1.CronJob> = {};
    const restoreCommands: Record<string, string> = {};
    const backupNowCommands: Record<string, string> = {};

    for (const db of args.databases) {
      const part = nameOf(db.database);
      const claim = dataClaim(
        `${name}-${part}-claim`,
        {
          name: `${args.prefix}-backup-${part}`,
          namespace: args.namespace,
          size: args.volumeSize ?? "20Gi",
          storageClassName: args.storageClassName ?? DEFAULT_STORAGE_CLASS,
          labels: { "app.kubernetes.io/name": `${args.prefix}-backup` },
        },
        child,
      );
      claims[db.database] = claim;

      const podSpec = (command: string, extraEnv: Record<string, string>) => ({
        restartPolicy: "OnFailure",
        containers: [
          {
            name: "pg",
            image: args.image ?? DEFAULT_BACKUP_IMAGE,
            command: ["sh", "-c", command],
            env: [
              ...plainEnv({
                PGHOST: args.host,
                PGPORT: "5432",
                PGUSER: args.user,
                BACKUP_DIR,
                DATABASE: db.database,
                ...extraEnv,
              }),
              secretEnv("PGPASSWORD", args.password.secretName, args.password.key),
            ],
            resources: resourcesOf(JOB_RESOURCES),
            volumeMounts: [
              { name: "backups", mountPath: BACKUP_DIR },
              { name: "scripts", mountPath: SCRIPTS_DIR, readOnly: true },
            ],
          },
        ],
        volumes: [
          { name: "backups", persistentVolumeClaim: { claimName: claim.metadata.name } },
          { name: "scripts", configMap: { name: scripts.metadata.name, defaultMode: 0o555 } },
        ],
      });
      const jobSpec = (command: string, extraEnv: Record<string, string> = {}) => ({
        backoffLimit: 2,
        template: { spec: podSpec(command, extraEnv) },
      });

      cronJobs[db.database] = new kubernetes.batch.v1.CronJob(
        `${name}-${part}-backup`,
        {
          metadata: { name: `${args.prefix}-backup-${part}`, namespace: args.namespace },
          spec: {
            schedule: db.schedule,
            timeZone: "Etc/UTC",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 3600,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
              spec: jobSpec(`exec sh ${SCRIPTS_DIR}/pg-backup "$DATABASE" ${db.retain}`),
            },
          },
        },
        { ...child, dependsOn: [claim, scripts, ...(args.waitFor ?? [])] },
      );

      restores[db.database] = new kubernetes.batch.v1.CronJob(
        `${name}-${part}-restore`,
        {
          metadata: { name: `${args.prefix}-restore-${part}`, namespace: args.namespace },
          spec: {
            // Never runs on its own: `kubectl create job --from=cronjob/...` starts a restore.
            suspend: true,
            schedule: "0 0 1 1 *",
            timeZone: "Etc/UTC",
            concurrencyPolicy: "Forbid",
            jobTemplate: {
              spec: jobSpec(
                `exec sh ${SCRIPTS_DIR}/pg-restore "$DATABASE" \${DUMP:-}`,
                db.ownerRole ? { PGOPTIONS: `-c role=${db.ownerRole}` } : {},
              ),
            },
          },
        },
        { ...child, dependsOn: [claim, scripts, ...(args.waitFor ?? [])] },
      );

      restoreCommands[db.database] = restoreCommand(args.namespaceName, args.prefix, db.database);
      backupNowCommands[db.database] = backupNowCommand(
        args.namespaceName,
        args.prefix,
        db.database,
      );
    }

    this.claims = claims;
    this.cronJobs = cronJobs;
    this.restoreCronJobs = restores;
    this.restoreCommands = pulumi.output(restoreCommands);
    this.backupNowCommands = pulumi.output(backupNowCommands);
    this.registerOutputs({
      restoreCommands: this.restoreCommands,
      backupNowCommands: this.backupNowCommands,
    });
  }
}
