import { ResourceValidationPolicy } from "@pulumi/policy";
import { DOCKER_CONTAINER, DOCKER_SERVICE } from "../lib/dockerContainer";
import { imagePinProblem } from "../lib/imagePinning";
import { readKnown } from "../lib/known";

/** What a locally built or pulled image resolves to: an image ID rather than a reference. */
const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

/** Where each Docker resource type names its image. */
const IMAGE_INPUTS: Readonly<Record<string, string>> = {
  [DOCKER_CONTAINER]: "image",
  [DOCKER_SERVICE]: "taskSpec.containerSpec.image",
  "docker:index/remoteImage:RemoteImage": "name",
  "docker:index/image:Image": "imageName",
};

/**
 * Containers run pinned images. A container fed from a RemoteImage or an Image build gets an
 * image ID or a repo digest, which is pinned by nature; what those resources pull or tag is
 * checked on them, so `RemoteImage("nginx:latest")` cannot hide behind its digest.
 */
export const dockerImagePinned: ResourceValidationPolicy = {
  name: "docker-image-pinned",
  description:
    "Containers, swarm services, pulled images (RemoteImage) and built images (Image) name a pinned image: a version tag (one with a digit; latest, stable, alpine, lts float) or a sha256 digest.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Name a version tag (postgres:17.6) or a digest (postgres@sha256:...); never latest, a channel such as stable, alpine or lts, or no tag.",
  validateResource: (args, reportViolation) => {
    const input = IMAGE_INPUTS[args.type];
    if (!input) {
      return;
    }
    const inputs = readKnown<Record<string, unknown>>(args.props);
    // Unknown during preview (a digest of an image built in the same update): nothing to check.
    if (!inputs.isKnown(input)) {
      return;
    }
    let image: unknown = inputs.value;
    for (const key of input.split(".")) {
      image = (image as Record<string, unknown> | undefined)?.[key];
    }
    if (image === undefined || (typeof image === "string" && IMAGE_ID.test(image))) {
      return;
    }
    const problem = imagePinProblem(image);
    if (problem) {
      reportViolation(`${args.name}: ${input} ${String(image)}: ${problem}`);
    }
  },
};
