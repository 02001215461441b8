import { ResourceValidationPolicy } from "@pulumi/policy";
import { imagePinProblem } from "../lib/imagePinning";
import { readKnown } from "../lib/known";
import { describeContainer, workloadOf } from "../lib/podSpecs";

export const kubernetesImagePinned: ResourceValidationPolicy = {
  name: "kubernetes-image-pinned",
  description:
    "Every container and init container of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs runs a pinned image: a version tag (one with a digit; latest, stable, alpine, lts float) or a digest.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Name a version tag or a sha256 digest in the container's image; never latest, a channel such as stable or alpine, or no tag.",
  validateResource: (args, reportViolation) => {
    const inputs = readKnown(args.props);
    const workload = workloadOf(args.type, inputs);
    for (const container of workload?.containers ?? []) {
      const image: unknown = container.spec.image;
      // Unknown during preview, or left out by a patch (the API server refuses it elsewhere).
      if (!inputs.isKnown(`${container.path}.image`) || image === undefined) {
        continue;
      }
      const problem = imagePinProblem(image);
      if (problem) {
        reportViolation(`${describeContainer(container)} image ${String(image)}: ${problem}`);
      }
    }
  },
};
