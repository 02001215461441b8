import { SynthResult } from "../../../scripts/lib/synthesize";
import { reveal } from "../../../scripts/lib/propertyValues";
import { envMap, plainInputs, resourcesOfType } from "../../support/synthFixture";
import { RecordedResource } from "../../../scripts/lib/synthesize";

export const CONTAINER = "docker:index/container:Container";

/** Containers of a synthesized archon-prod stack by their Docker container name. */
export function containersByName(result: SynthResult): Map<string, RecordedResource> {
  return new Map(
    resourcesOfType(result, CONTAINER).map((r) => [plainInputs(r).name as string, r] as const),
  );
}

export function container(result: SynthResult, name: string): RecordedResource {
  const found = containersByName(result).get(name);
  if (!found) {
    throw new Error(
      `no container ${name}; have ${[...containersByName(result).keys()].join(", ")}`,
    );
  }
  return found;
}

export function env(result: SynthResult, name: string): Record<string, string> {
  return envMap(container(result, name));
}

/** Plaintext stack outputs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function outputs(result: SynthResult): any {
  return reveal(result.outputs);
}
