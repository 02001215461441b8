import { ResourceValidationPolicy } from "@pulumi/policy";
import { imageReferenceProblem } from "../../components/docker/imageReference";
import { allContainers, workloadOf } from "../lib/podSpecs";

export const kubernetesImagePinned: ResourceValidationPolicy = {
  name: "kubernetes-image-pinned",
  description:
    "Every container and init container runs a pinned image: a tag other than latest, or a digest.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Name a version tag or a sha256 digest in the container's image; never latest or no tag.",
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, args.props);
    for (const container of workload ? allContainers(workload.spec) : []) {
      if (container.image === undefined) {
        continue;
      }
      const problem = imageReferenceProblem(container.image);
      if (problem) {
        reportViolation(`container ${container.name ?? "?"} image ${container.image}: ${problem}`);
      }
    }
  },
};
