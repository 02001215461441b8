import { ResourceValidationPolicy } from "@pulumi/policy";
import { imageReferenceProblem } from "../../components/docker/imageReference";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";

/** What a locally built image resolves to: an image ID rather than a reference. */
const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

export const dockerImagePinned: ResourceValidationPolicy = {
  name: "docker-image-pinned",
  description: "Containers run a pinned image: a tag other than latest, or a sha256 digest.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Name a version tag (postgres:17.6) or a digest (postgres@sha256:...); never latest or no tag.",
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const props = args.props as DockerContainerProps;
    if (props.image === undefined || IMAGE_ID.test(props.image)) {
      return;
    }
    const problem = imageReferenceProblem(props.image);
    if (problem) {
      reportViolation(
        `container ${containerName(props, args.name)} image ${props.image}: ${problem}`,
      );
    }
  },
};
