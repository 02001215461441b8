import { describe, expect, it } from "vitest";
import { synthProjectStack } from "../../support/synthFixture";
import { SynthResult } from "../../../scripts/lib/synthesize";

const SUPABASE_STACK = "platform:supabase:SupabaseStack";

function descendantTypes(result: SynthResult, rootUrn: string): string[] {
  const below = new Set([rootUrn]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of result.resources) {
      if (r.parent && below.has(r.parent) && !below.has(r.urn)) {
        below.add(r.urn);
        grew = true;
      }
    }
  }
  return result.resources.filter((r) => below.has(r.urn) && r.urn !== rootUrn).map((r) => r.type);
}

describe("SupabaseStack on both targets", () => {
  it("runs containers under the same component on archon-prod and a StatefulSet on sector7", async () => {
    const archon = await synthProjectStack("archon-prod");
    const onDocker = archon.resources.filter((r) => r.type === SUPABASE_STACK);
    expect(onDocker).toHaveLength(1);
    const dockerTypes = descendantTypes(archon, onDocker[0].urn);
    expect(dockerTypes.filter((t) => t === "docker:index/container:Container")).toHaveLength(5);
    expect(dockerTypes.some((t) => t.startsWith("kubernetes:"))).toBe(false);

    const sector7 = await synthProjectStack("sector7");
    const onKubernetes = sector7.resources.filter((r) => r.type === SUPABASE_STACK);
    expect(onKubernetes).toHaveLength(1);
    const kubeTypes = descendantTypes(sector7, onKubernetes[0].urn);
    expect(kubeTypes).toContain("kubernetes:apps/v1:StatefulSet");
    expect(kubeTypes).toContain("kubernetes:core/v1:Secret");
    expect(kubeTypes.some((t) => t.startsWith("docker:"))).toBe(false);
  });
});
