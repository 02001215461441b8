import { imageReferenceProblem } from "../../components/toolbox/docker/imageReference";

/**
 * Why an image reference is not pinned, or undefined when it is. On top of the program's own
 * rule (a tag other than latest, or a digest), a tag without a single digit is a channel, not a
 * version: `stable`, `alpine`, `lts`, `mainline`, `edge` and `latest-alpine` all move. A value
 * that is not a string is malformed and is reported as such.
 */
export function imagePinProblem(image: unknown): string | undefined {
  if (typeof image !== "string") {
    return `${JSON.stringify(image) ?? String(image)} is not an image reference`;
  }
  const problem = imageReferenceProblem(image.trim());
  if (problem) {
    return problem;
  }
  if (image.includes("@sha256:")) {
    return undefined;
  }
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  const tag = colon >= 0 ? image.slice(colon + 1) : "";
  if (!/\d/.test(tag)) {
    return `the tag ${tag} floats (a channel, not a version): name a version tag or a sha256 digest`;
  }
  return undefined;
}
