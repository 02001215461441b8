import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringListSchema } from "../lib/stringList";

interface ClaimSpec {
  storageClassName?: string;
}

interface ClaimProps {
  metadata?: { name?: string };
  spec?: ClaimSpec & {
    volumeClaimTemplates?: { metadata?: { name?: string }; spec?: ClaimSpec }[];
  };
}

export const kubernetesStorageClass: ResourceValidationPolicy = {
  name: "kubernetes-storage-class",
  description:
    "PersistentVolumeClaims (and StatefulSet claim templates) name an allowed storage class.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Set spec.storageClassName to longhorn (replicated, backed up) or add the class to storageClasses.",
  configSchema: {
    properties: {
      storageClasses: stringListSchema("Storage classes claims may use", ["longhorn"]),
    },
  },
  validateResource: (args, reportViolation) => {
    const props = args.props as ClaimProps;
    const claims: { name: string; spec?: ClaimSpec }[] = [];
    if (args.type === "kubernetes:core/v1:PersistentVolumeClaim") {
      claims.push({ name: props.metadata?.name ?? args.name, spec: props.spec });
    } else if (args.type === "kubernetes:apps/v1:StatefulSet") {
      for (const template of props.spec?.volumeClaimTemplates ?? []) {
        claims.push({ name: template.metadata?.name ?? "?", spec: template.spec });
      }
    }
    const allowed = args.getConfig<{ storageClasses: string[] }>().storageClasses;
    for (const claim of claims) {
      const storageClass = claim.spec?.storageClassName;
      if (!storageClass || !allowed.includes(storageClass)) {
        reportViolation(
          `claim ${claim.name} uses storage class ${storageClass ?? "(cluster default)"}; allowed: ${allowed.join(", ")}`,
        );
      }
    }
  },
};
