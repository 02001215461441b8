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
    // A beforeAll that throws (a mutant breaking a synthesis) fails its tests for Stryker too.
    reporters: ["default", "./test/support/hookFailuresFailTests.ts"],
    // isolate stays false (the base's): each run Stryker starts gets fresh workers, so a stack
    // test/support/synthFixture.ts shares between files is one mutant's (docs/mutation-testing.md).
    // A target that runs against the program tier (MUTATION_PROGRAM_TIER, stryker.config.mjs).
    ...(process.env.MUTATION_PROGRAM_TIER
      ? { exclude: [...configDefaults.exclude, ...TOOL_TESTS] }
      : {}),
  },
});
