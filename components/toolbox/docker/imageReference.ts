const REFERENCE =
  /^(?:(?<registry>[a-z0-9.-]+(?::\d+)?)\/)?(?<path>[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

/**
 * Why an image reference is not pinned, or undefined when it is: a reference must name a tag
 * other than `latest`, or a sha256 digest.
 */
export function imageReferenceProblem(reference: string): string | undefined {
  const match = REFERENCE.exec(reference);
  if (!match?.groups) {
    return "not a valid image reference";
  }
  const { tag, digest } = match.groups;
  if (digest) {
    return undefined;
  }
  if (!tag) {
    return "no tag or digest: name a version tag or a sha256 digest";
  }
  if (tag === "latest") {
    return "the tag latest is not pinned: name a version tag or a sha256 digest";
  }
  return undefined;
}

/** `registry/path` of an image reference without its tag or digest; undefined when invalid. */
export function imageRepository(reference: string): string | undefined {
  const groups = REFERENCE.exec(reference)?.groups;
  if (!groups) {
    return undefined;
  }
  return groups.registry ? `${groups.registry}/${groups.path}` : groups.path;
}
