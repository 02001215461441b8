import { describe, expect, it } from "vitest";
import { resourcesOfType, synthProjectStack } from "../support/synthFixture";

describe("archon-prod synth", () => {
  it("registers the eight containers of seed 000 without agents", async () => {
    const result = await synthProjectStack("archon-prod");
    const names = resourcesOfType(result, "docker:index/container:Container").map(
      (r) => (r.inputs as { name: string }).name,
    );
    expect(names.sort()).toEqual([
      "archon-kong",
      "archon-mcp",
      "archon-meta",
      "archon-postgres",
      "archon-rest",
      "archon-server",
      "archon-studio",
      "archon-ui",
    ]);
  });
});
