import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { healthcheck } from "../../toolbox/docker/containerSettings";
import {
  DatabaseBackup,
  renderBackupCrontab,
  renderBackupScript,
  renderPgpass,
  renderRestoreProcedure,
  renderRestoreScript,
} from "./backupScripts";
import { SUPABASE_SUPERUSER } from "../../database/postgresImageContract";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** pg_dump must be at least the server's major version (Supabase Postgres 17): versions.json `postgres`. */
export const DEFAULT_BACKUP_IMAGE = PINNED_VERSIONS.image("postgres");

export interface PostgresBackupsArgs {
  /** The bridge network Postgres is on. */
  readonly networkName: pulumi.Input<string>;
  /** Postgres' host name on that network. Default: `postgres`. */
  readonly postgresHost?: string;
  /**
   * Who dumps and restores: a role that can read every schema. Default: the image's superuser
   * `supabase_admin` (the image demotes `postgres`, which cannot read `auth.schema_migrations`).
   */
  readonly postgresUser?: string;
  readonly postgresPassword: pulumi.Input<string>;
  /** What to dump, when, and how many dumps to keep. */
  readonly databases: readonly DatabaseBackup[];
  /** Host directory the dumps land in (one subdirectory per database). */
  readonly hostDirectory: string;
  /** Default: `archon-backup`. */
  readonly containerName?: string;
  /** Default: {@link DEFAULT_BACKUP_IMAGE}. */
  readonly image?: string;
  /** Memory limit in MiB. Default: 256. */
  readonly memoryMb?: number;
  /** Containers that write to the database: a restore stops them first. Default: none. */
  readonly writers?: pulumi.Input<string>[];
  /** Resources that must be ready first (Postgres). */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

const SCRIPT_DIR = "/usr/local/bin";
const PGPASS = "/etc/archon-backup/pgpass";
const BACKUP_DIR = "/backups";

/**
 * Scheduled pg_dump backups in custom format, one schedule and retention per database, run by
 * crond in a pinned Postgres client container that writes to a host directory. The same
 * container holds `archon-restore` for the way back.
 */
export class PostgresBackups extends pulumi.ComponentResource {
  readonly container: docker.Container;
  /** The command that restores the newest dump of a database. */
  readonly restoreCommand: pulumi.Output<string>;
  /** A script: stop the writers, restore, start them again (see renderRestoreProcedure). */
  readonly restoreProcedure: pulumi.Output<string>;
  /** Database -> the command that takes a dump now (and prunes to its retention). */
  readonly backupNowCommands: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: PostgresBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:backups:PostgresBackups", name, {}, opts);

    if (args.databases.length === 0) {
      throw new pulumi.ResourceError("databases must name at least one database", this);
    }
    if (!args.hostDirectory.startsWith("/")) {
      throw new pulumi.ResourceError(
        `hostDirectory must be absolute, got "${args.hostDirectory}"`,
        this,
      );
    }
    const host = args.postgresHost ?? "postgres";
    const user = args.postgresUser ?? SUPABASE_SUPERUSER;
    const containerName = args.containerName ?? "archon-backup";

    this.container = new docker.Container(
      `${name}-container`,
      {
        name: containerName,
        image: args.image ?? DEFAULT_BACKUP_IMAGE,
        restart: "unless-stopped",
        memory: args.memoryMb ?? 256,
        // busybox crond in the foreground, logging job output to the container's log.
        command: ["crond", "-f", "-d", "8"],
        envs: [
          `PGHOST=${host}`,
          `PGUSER=${user}`,
          `PGPASSFILE=${PGPASS}`,
          `BACKUP_DIR=${BACKUP_DIR}`,
        ],
        uploads: [
          { file: `${SCRIPT_DIR}/archon-backup`, content: renderBackupScript(), executable: true },
          {
            file: `${SCRIPT_DIR}/archon-restore`,
            content: renderRestoreScript(),
            executable: true,
          },
          {
            file: "/etc/crontabs/root",
            content: renderBackupCrontab(args.databases, `${SCRIPT_DIR}/archon-backup`),
          },
          {
            file: PGPASS,
            content: pulumi.secret(
              pulumi.output(args.postgresPassword).apply((pw) => renderPgpass(host, user, pw)),
            ),
            permissions: "0600",
          },
        ],
        volumes: [{ hostPath: args.hostDirectory, containerPath: BACKUP_DIR }],
        networksAdvanced: [{ name: args.networkName, aliases: ["backup"] }],
        healthcheck: healthcheck(["CMD", "pgrep", "crond"], {
          interval: "60s",
          timeout: "5s",
          retries: 3,
        }),
        wait: true,
      },
      { parent: this, dependsOn: args.waitFor },
    );

    this.restoreCommand = pulumi.output(
      `docker exec ${containerName} archon-restore <database> [dump file under ${args.hostDirectory}/<database>]`,
    );
    this.restoreProcedure = pulumi
      .all(args.writers ?? [])
      .apply((writers) => renderRestoreProcedure(containerName, writers));
    this.backupNowCommands = pulumi.output(
      Object.fromEntries(
        args.databases.map((db) => [
          db.name,
          `docker exec ${containerName} archon-backup ${db.name} ${db.retain}`,
        ]),
      ),
    );
    this.registerOutputs({
      restoreCommand: this.restoreCommand,
      restoreProcedure: this.restoreProcedure,
      backupNowCommands: this.backupNowCommands,
    });
  }
}
