import { configDefaults, defineConfig } from "vitest/config";
import base, { TOOL_TESTS } from "./vitest.config";

/**
 * The suite as StrykerJS runs it: only the test files of the target being mutated
 * (MUTATION_TESTS, comma-separated globs set by stryker.config.mjs), since every other file
 * synthesizes whole stacks in a beforeAll and would run again for each mutant. (mergeConfig
 * would append to the base's include list, not replace it.)
 */
const include = (process.env.MUTATION_TESTS ?? "").split(",").filter(Boolean);

// One project with the target's files, not the base's two tiers.
const { projects: _tiers, ...test } = base.test ?? {};

export default defineConfig({
  ...base,
  test: {
    ...test,
    include: include.length > 0 ? include : ["test/**/*.test.ts"],
    // Stryker reruns test files in one long-lived vitest: without isolation a file could reuse a
    // stack synthesized (test/support/synthFixture.ts) while another mutant was active.
    isolate: true,
    // A target that runs against the program tier (MUTATION_PROGRAM_TIER, stryker.config.mjs).
    ...(process.env.MUTATION_PROGRAM_TIER
      ? { exclude: [...configDefaults.exclude, ...TOOL_TESTS] }
      : {}),
  },
});
