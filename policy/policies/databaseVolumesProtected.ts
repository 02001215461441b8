import { ResourceValidationPolicy } from "@pulumi/policy";

const DATABASE_NAME = /postgres|pg|mysql|maria|mongo|redis|minio|db|database|data/i;

interface VolumeProps {
  name?: string;
  metadata?: { name?: string };
  spec?: {
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string };
  };
}

export const databaseVolumesProtected: ResourceValidationPolicy = {
  name: "database-volumes-protected",
  description:
    "Docker volumes and Kubernetes claims that hold databases are protected, so no update or destroy deletes them by accident.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps:
    "Give the volume or PVC the resource options protect: true and retainOnDelete: true; for " +
    "StatefulSet claim templates set persistentVolumeClaimRetentionPolicy.whenDeleted: Retain.",
  validateResource: (args, reportViolation) => {
    const props = args.props as VolumeProps;
    if (
      args.type === "docker:index/volume:Volume" ||
      args.type === "kubernetes:core/v1:PersistentVolumeClaim"
    ) {
      const name = props.name ?? props.metadata?.name ?? args.name;
      if (DATABASE_NAME.test(name) && !args.opts.protect) {
        reportViolation(`volume ${name} looks like database storage but is not protected`);
      }
    } else if (args.type === "kubernetes:apps/v1:StatefulSet") {
      const claims = (props.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? "?");
      const retained = props.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Retain";
      if (claims.some((claim) => DATABASE_NAME.test(claim)) && !retained && !args.opts.protect) {
        reportViolation(
          `StatefulSet ${props.metadata?.name ?? args.name} deletes its claims ${claims.join(", ")} with it`,
        );
      }
    }
  },
};
