import { ResourceValidationPolicy } from "@pulumi/policy";
import { imageReferenceProblem } from "../../components/docker/imageReference";
import { readKnown } from "../lib/known";
import { describeContainer, workloadOf } from "../lib/podSpecs";

export const kubernetesImagePinned: ResourceValidationPolicy = {
  name: "kubernetes-image-pinned",
  description:
    "Every container and init container of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs runs a pinned image: a tag other than latest, or a digest.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Name a version tag or a sha256 digest in the container's image; never latest or no tag.",
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, readKnown(args.props));
    for (const container of workload?.containers ?? []) {
      const image = container.spec.image;
      if (typeof image !== "string") {
        continue; // unknown during preview
      }
      const problem = imageReferenceProblem(image);
      if (problem) {
        reportViolation(`${describeContainer(container)} image ${image}: ${problem}`);
      }
    }
  },
};
