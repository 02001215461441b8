import { ResourceValidationPolicy } from "@pulumi/policy";
import { allContainers, workloadOf } from "../lib/podSpecs";

/** Names that carry credentials by convention. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|KEY/i;

export const kubernetesSecretEnv: ResourceValidationPolicy = {
  name: "kubernetes-secret-env",
  description:
    "Environment variables named like credentials (PASSWORD, SECRET, TOKEN, KEY) come from a Secret via secretKeyRef, never a literal or a ConfigMap.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Store the value in a Kubernetes Secret and reference it with valueFrom.secretKeyRef.",
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, args.props);
    for (const container of workload ? allContainers(workload.spec) : []) {
      for (const env of container.env ?? []) {
        if (!env.name || !SECRET_NAME.test(env.name) || env.valueFrom?.secretKeyRef) {
          continue;
        }
        const source = env.valueFrom?.configMapKeyRef ? "a ConfigMap" : "a literal value";
        reportViolation(`container ${container.name ?? "?"} sets ${env.name} from ${source}`);
      }
    }
  },
};
