import type { Ignorer } from "@stryker-mutator/api/ignore";
import type { MutationSample } from "./lib/mutationSample.js";

/** The sample's ignorer: files compared relative to `root`. */
export function sampleIgnorer(sample: MutationSample, root: string): Ignorer;
export const strykerPlugins: unknown[];
