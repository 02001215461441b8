import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { baseType, describeContainer, listOf, workloadOf } from "../lib/podSpecs";
import { looksLikeSecretName, urlPasswords } from "../lib/secretNames";
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
    "Environment variables named like credentials (PASSWORD, PASS, PWD, SECRET, TOKEN, KEY, CREDENTIALS) take their value from a Secret (valueFrom.secretKeyRef), never from a literal or a ConfigMap; no literal value holds a password inside a URL; no ConfigMap (which envFrom and volumes expose in plain text) holds a credential.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Store the value in a Kubernetes Secret and reference it with valueFrom.secretKeyRef. A " +
    "variable that only looks like a credential can be listed in this policy's allowedNames config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const { allowedNames } = configWithDefaults<{ allowedNames: string[] }>(
      configSchema,
      args.getConfig(),
    );
    const inputs = readKnown(args.props);
    if (baseType(args.type) === "kubernetes:core/v1:ConfigMap") {
      const props = inputs.value as { metadata?: { name?: unknown }; data?: unknown };
      const name = String(props.metadata?.name ?? args.name);
      const data = props.data !== null && typeof props.data === "object" ? props.data : {};
      for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
        if (typeof value !== "string") {
          continue;
        }
        if (looksLikeSecretName(key) && value !== "" && !allowedNames.includes(key)) {
          reportViolation(`ConfigMap ${name} holds ${key}, a credential: put it in a Secret`);
        } else if (urlPasswords(value).length > 0) {
          reportViolation(`ConfigMap ${name} key ${key} holds a password inside a URL`);
        }
      }
      return;
    }
    const workload = workloadOf(args.type, inputs);
    if (!workload) {
      return;
    }
    for (const container of workload.containers) {
      for (const env of listOf<NonNullable<typeof container.spec.env>[number]>(
        container.spec.env,
      )) {
        if (env === null || typeof env !== "object" || typeof env.name !== "string") {
          reportViolation(
            `${describeContainer(container)} has an env entry ${JSON.stringify(env)} without a name`,
          );
          continue;
        }
        if (typeof env.value === "string" && urlPasswords(env.value).length > 0) {
          reportViolation(
            `${describeContainer(container)} sets ${env.name} to a URL with a literal password`,
          );
          continue;
        }
        if (!looksLikeSecretName(env.name) || allowedNames.includes(env.name)) {
          continue;
        }
        if (env.valueFrom?.configMapKeyRef !== undefined) {
          reportViolation(`${describeContainer(container)} sets ${env.name} from a ConfigMap`);
        } else if (typeof env.value === "string") {
          // An empty or unknown value leaks nothing; any literal puts the credential in the spec,
          // even beside a valueFrom (which the API server then refuses, after the preview).
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
