import * as pulumi from "@pulumi/pulumi";
import { AppFlowyStack, APPFLOWY_DATABASE } from "../../components/apps/appflowy/appflowyStack";
import { DatabaseBackups } from "../../components/backups/kubernetes/databaseBackups";
import { ServiceDatabaseSpec } from "../../components/database/kubernetes/provisioningSql";
import {
  SUPABASE_DB_NAME,
  SUPABASE_SECRET_NAME,
  SupabaseKubernetes,
} from "../../components/database/kubernetes/supabaseKubernetes";
import { SUPABASE_SUPERUSER } from "../../components/database/postgresImageContract";
import { Sector7ServicesConfig } from "./servicesConfig";

/** The scheduled pg_dumps of both PostgreSQL servers and the commands that restore them. */
export interface ServiceBackups {
  readonly restoreCommands: pulumi.Output<Record<string, string>>;
  readonly backupNowCommands: pulumi.Output<Record<string, string>>;
}

/**
 * pg_dump schedules for every database: the shared PostgreSQL (its own `postgres` database and
 * one per service) and AppFlowy's dedicated server. Commands are keyed `<server>/<database>`.
 */
export function backUpDatabases(
  config: Sector7ServicesConfig,
  storageClassName: pulumi.Input<string> | undefined,
  supabase: SupabaseKubernetes,
  databases: readonly ServiceDatabaseSpec[],
  appflowy: AppFlowyStack,
  opts: pulumi.ComponentResourceOptions,
): ServiceBackups {
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
      image: config.backups.toolsImage,
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
  return {
    restoreCommands: pulumi
      .all([supabaseBackups.restoreCommands, appflowyBackups.restoreCommands])
      .apply(([a, b]) => ({ ...prefixed("supabase", a), ...prefixed("appflowy", b) })),
    backupNowCommands: pulumi
      .all([supabaseBackups.backupNowCommands, appflowyBackups.backupNowCommands])
      .apply(([a, b]) => ({ ...prefixed("supabase", a), ...prefixed("appflowy", b) })),
  };
}

/** `{ n8n: ... }` -> `{ "supabase/n8n": ... }`: which server a database lives on. */
function prefixed(server: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${server}/${k}`, v]));
}
