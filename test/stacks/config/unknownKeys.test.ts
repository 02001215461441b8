import { describe, expect, it } from "vitest";
import { closestKey, unknownKeyProblems } from "../../../stacks/config/declarations";
import { synthProjectStack, synthRejection } from "../../support/synthFixture";

describe("a key the stack's kind does not declare", () => {
  it("is refused with the closest known key, and nothing is created", async () => {
    const { error, registered } = await synthRejection("archon-prod", ["archon:imagetag=v0.2.0"]);
    expect(error.message).toContain('Invalid configuration for stack "archon-prod"');
    expect(error.message).toContain(
      "archon:imagetag is not a config key of archon stacks; the closest known key is archon:imageTag",
    );
    expect(registered).toBe(0);
  });

  it("is refused on sector7 too, every one at once", async () => {
    const { error, registered } = await synthRejection("sector7", [
      "longhorn:replicas=3",
      "services:n8nImag=n8nio/n8n:2.38.5",
    ]);
    expect(error.message).toContain("closest known key is longhorn:replicaCount");
    expect(error.message).toContain("closest known key is services:n8nImage");
    expect(registered).toBe(0);
  });

  it("names the kind a key belongs to when it is another kind's", async () => {
    const { error } = await synthRejection("sector7", ["edge:mode=host"]);
    expect(error.message).toContain(
      "edge:mode is set, but it is a key of archon stacks and this stack's platform:kind is sector7",
    );
  });

  it("is left alone in a provider's namespace and outside the program's", async () => {
    const result = await synthProjectStack("archon-prod", [
      "docker:sshOpts=[]",
      "kubernetes:enableServerSideApply=true",
    ]);
    expect(result.resources.length).toBeGreaterThan(0);
    expect(
      unknownKeyProblems("archon", ["docker:caMaterial", "pulumi:tags", "aws:region"]),
    ).toEqual([]);
  });
});

describe("closestKey", () => {
  it("prefers a case-only difference, then fewest edits, then the same namespace", () => {
    expect(closestKey("archon:imagetag", ["archon:imageTag", "archon:image"])).toBe(
      "archon:imageTag",
    );
    expect(closestKey("edge:certbt", ["edge:certbot", "edge:image"])).toBe("edge:certbot");
    expect(closestKey("limits:uiMB", ["limits:uiMb", "archon:uiMb"])).toBe("limits:uiMb");
  });
});
