import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { describeContainer, workloadOf } from "../lib/podSpecs";
import { looksLikeSecretName } from "../lib/secretNames";
import { stringListSchema } from "../lib/stringList";

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedNames: stringListSchema(
      "Environment variable names that look like credentials but are not (exact names)",
      [],
    ),
  },
};

export const kubernetesSecretEnv: ResourceValidationPolicy = {
  name: "kubernetes-secret-env",
  description:
    "Environment variables named like credentials (PASSWORD, PASSWD, SECRET, TOKEN, KEY) take their value from a Secret (valueFrom.secretKeyRef), never from a literal or a ConfigMap.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Store the value in a Kubernetes Secret and reference it with valueFrom.secretKeyRef. A " +
    "variable that only looks like a credential can be listed in this policy's allowedNames config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, readKnown(args.props));
    if (!workload) {
      return;
    }
    const { allowedNames } = configWithDefaults<{ allowedNames: string[] }>(
      configSchema,
      args.getConfig(),
    );
    for (const container of workload.containers) {
      for (const env of container.spec.env ?? []) {
        if (!env.name || !looksLikeSecretName(env.name) || allowedNames.includes(env.name)) {
          continue;
        }
        if (env.valueFrom?.configMapKeyRef !== undefined) {
          reportViolation(`${describeContainer(container)} sets ${env.name} from a ConfigMap`);
        } else if (env.valueFrom === undefined && typeof env.value === "string") {
          // An empty or unknown value leaks nothing; any literal puts the credential in the spec.
          if (env.value !== "") {
            reportViolation(
              `${describeContainer(container)} sets ${env.name} from a literal value`,
            );
          }
        }
      }
    }
  },
};
