import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
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

const configSchema: PolicyConfigSchema = {
  properties: {
    storageClasses: stringListSchema("Storage classes claims may use", ["longhorn"]),
  },
};

export const kubernetesStorageClass: ResourceValidationPolicy = {
  name: "kubernetes-storage-class",
  description:
    "PersistentVolumeClaims and StatefulSet volumeClaimTemplates name an allowed storageClassName instead of relying on the cluster default.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Set spec.storageClassName to longhorn (replicated, backed up), or add the class to this " +
    "policy's storageClasses config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const inputs = readKnown<ClaimProps>(args.props);
    const props = inputs.value;
    const claims: { name: string; spec?: ClaimSpec; path: string }[] = [];
    if (args.type === "kubernetes:core/v1:PersistentVolumeClaim") {
      claims.push({ name: props.metadata?.name ?? args.name, spec: props.spec, path: "spec" });
    } else if (args.type === "kubernetes:apps/v1:StatefulSet") {
      (props.spec?.volumeClaimTemplates ?? []).forEach((template, i) => {
        claims.push({
          name: template.metadata?.name ?? `volumeClaimTemplates[${i}]`,
          spec: template.spec,
          path: `spec.volumeClaimTemplates[${i}].spec`,
        });
      });
    }
    if (claims.length === 0) {
      return;
    }
    const { storageClasses } = configWithDefaults<{ storageClasses: string[] }>(
      configSchema,
      args.getConfig(),
    );
    for (const claim of claims) {
      const storageClass = claim.spec?.storageClassName;
      if (!inputs.isKnown(`${claim.path}.storageClassName`)) {
        continue; // e.g. the name of a StorageClass created in the same update
      }
      if (storageClass === undefined || !storageClasses.includes(storageClass)) {
        reportViolation(
          `claim ${claim.name} uses storage class ${storageClass === undefined ? "(cluster default)" : JSON.stringify(storageClass)}; allowed: ${storageClasses.join(", ")}`,
        );
      }
    }
  },
};
