import { ResourceValidationPolicy } from "@pulumi/policy";
import { readKnown } from "../lib/known";
import { describeContainer, workloadOf } from "../lib/podSpecs";

export const kubernetesResourceLimits: ResourceValidationPolicy = {
  name: "kubernetes-resource-limits",
  description: "Every container and init container requests and limits cpu and memory.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Set resources.requests and resources.limits for cpu and memory on each container, so the " +
    "scheduler can place it and one workload cannot starve a node.",
  validateResource: (args, reportViolation) => {
    const inputs = readKnown(args.props);
    const workload = workloadOf(args.type, inputs);
    for (const container of workload?.containers ?? []) {
      const missing = (["requests", "limits"] as const).flatMap((kind) =>
        ["cpu", "memory"]
          .filter(
            (resource) =>
              container.spec.resources?.[kind]?.[resource] === undefined &&
              inputs.isKnown(`${container.path}.resources.${kind}.${resource}`),
          )
          .map((resource) => `${kind}.${resource}`),
      );
      if (missing.length > 0) {
        reportViolation(`${describeContainer(container)} has no ${missing.join(", ")}`);
      }
    }
  },
};
