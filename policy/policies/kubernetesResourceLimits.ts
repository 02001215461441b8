import { ResourceValidationPolicy } from "@pulumi/policy";
import { allContainers, workloadOf } from "../lib/podSpecs";

export const kubernetesResourceLimits: ResourceValidationPolicy = {
  name: "kubernetes-resource-limits",
  description: "Every container requests and limits cpu and memory.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Set resources.requests and resources.limits for cpu and memory on each container.",
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, args.props);
    for (const container of workload ? allContainers(workload.spec) : []) {
      const missing = (["requests", "limits"] as const).flatMap((kind) =>
        ["cpu", "memory"]
          .filter((resource) => container.resources?.[kind]?.[resource] === undefined)
          .map((resource) => `${kind}.${resource}`),
      );
      if (missing.length > 0) {
        reportViolation(`container ${container.name ?? "?"} has no ${missing.join(", ")}`);
      }
    }
  },
};
