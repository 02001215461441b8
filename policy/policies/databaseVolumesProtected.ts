import { ResourceValidationPolicy } from "@pulumi/policy";
import { readKnown } from "../lib/known";

/**
 * Names that suggest database storage: a word (delimited by anything but a letter) such as
 * postgres, pg, pgdata, mysql, mariadb, mongo, redis, minio, db, database or data. So
 * `archon_postgres_data`, `pgdata`, `n8n-data` and `supabase-db-backup` match, `nginx-cache`
 * and `nocodb` do not.
 */
const DATABASE_NAME =
  /(^|[^a-z])(postgres(ql)?|pg(data)?|mysql|maria(db)?|mongo(db)?|redis|minio|db|database|data)([^a-z]|$)/i;

interface VolumeProps {
  name?: string;
  metadata?: { name?: string };
  spec?: {
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  };
}

/**
 * What an analyzer can see of data safety: the `protect` option (the request carries no
 * retainOnDelete) and, for StatefulSets, the claim retention policy, whose Kubernetes default is
 * Retain for both deletion and scale-down.
 */
export const databaseVolumesProtected: ResourceValidationPolicy = {
  name: "database-volumes-protected",
  description:
    "Docker volumes and PersistentVolumeClaims whose names suggest a database are protected; StatefulSets do not delete such claims on deletion or scale-down.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Give the volume or PVC the resource options protect: true and retainOnDelete: true; for " +
    "StatefulSet volumeClaimTemplates leave persistentVolumeClaimRetentionPolicy at Retain " +
    "(the default), never Delete.",
  validateResource: (args, reportViolation) => {
    const props = readKnown<VolumeProps>(args.props).value;
    if (
      args.type === "docker:index/volume:Volume" ||
      args.type === "kubernetes:core/v1:PersistentVolumeClaim"
    ) {
      const name = String(props.name ?? props.metadata?.name ?? args.name);
      if (DATABASE_NAME.test(name) && !args.opts.protect) {
        reportViolation(`volume ${name} looks like database storage but is not protected`);
      }
    } else if (args.type === "kubernetes:apps/v1:StatefulSet") {
      const templates = props.spec?.volumeClaimTemplates;
      const claims = (Array.isArray(templates) ? templates : [])
        .map((t) => t?.metadata?.name)
        .filter((name): name is string => name !== undefined && DATABASE_NAME.test(name));
      const policy = props.spec?.persistentVolumeClaimRetentionPolicy ?? {};
      for (const when of ["whenDeleted", "whenScaled"] as const) {
        if (claims.length > 0 && policy[when] === "Delete") {
          reportViolation(
            `StatefulSet ${props.metadata?.name ?? args.name} deletes its claims ${claims.join(", ")} ${when === "whenDeleted" ? "when it is deleted" : "when it is scaled down"}`,
          );
        }
      }
    }
  },
};
