import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A missing system tool stops the run with one line naming the install command.
    globalSetup: ["test/globalSetup.ts"],
    // Pulumi's runtime keeps its mock monitor in module-global state: one file per worker process.
    pool: "forks",
    testTimeout: 30_000,
    // Synthesizing a stack in beforeAll takes seconds; on a loaded 2-core machine, more.
    hookTimeout: 60_000,
  },
});
