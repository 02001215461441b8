import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { ARCHON_SCHEMA_SCRIPT } from "./archonSchemaScript";

export interface ArchonSchemaArgs {
  /** The checkout's `migration/` folder on the machine running Pulumi. */
  readonly migrationPath: string;
  /** The Supabase Postgres container, reached with `docker exec`. */
  readonly postgresContainer: pulumi.Input<string>;
  /** Password of the `postgres` role; travels in the command's environment only. */
  readonly postgresPassword: pulumi.Input<string>;
  /** Docker daemon (`DOCKER_HOST`); default: the local environment's. */
  readonly dockerHost?: string;
  /**
   * Values whose change re-runs the step (e.g. the checked-out ref, the Postgres container's
   * ID). The step is idempotent, so a re-run only applies what is missing.
   */
  readonly triggers?: pulumi.Input<unknown>[];
  /** What must exist first (Postgres healthy, the checkout verified). */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

/**
 * Brings the database to the schema of the Archon checkout before archon-server starts (see
 * archonSchemaScript): the full setup on an empty database, then the pending versioned files.
 * The SQL is read on the machine running Pulumi and fed to psql inside the Postgres container.
 */
export class ArchonSchema extends pulumi.ComponentResource {
  readonly command: command.local.Command;

  constructor(name: string, args: ArchonSchemaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:archon:ArchonSchema", name, {}, opts);
    this.command = new command.local.Command(
      `${name}-apply`,
      {
        create: ARCHON_SCHEMA_SCRIPT,
        interpreter: ["/bin/sh", "-c"],
        environment: {
          ARCHON_MIGRATION_DIR: args.migrationPath,
          // `-e PGPASSWORD` without a value hands the client's variable to the container.
          ARCHON_PSQL: pulumi.interpolate`docker exec -i -e PGPASSWORD ${args.postgresContainer} psql -h localhost -U postgres -d postgres`,
          PGPASSWORD: pulumi.secret(args.postgresPassword),
          ...(args.dockerHost ? { DOCKER_HOST: args.dockerHost } : {}),
        },
        triggers: args.triggers,
      },
      { parent: this, dependsOn: args.waitFor },
    );
    this.registerOutputs({});
  }
}
