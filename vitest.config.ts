import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A missing system tool stops the run with one line naming the install command.
    globalSetup: ["test/globalSetup.ts"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    // Files of a worker share one module graph: @pulumi/pulumi and the program are imported once
    // per worker, not once per file, and synthFixture's synths are shared. Every synth installs a
    // fresh mock monitor, so the runtime's global state does not leak from one file to the next.
    isolate: false,
    // One worker (vitest's default on two cores). Measured on the 2-core machine: two workers took
    // the same 211 s but 45 % more CPU, each importing the program and synthesizing the stacks;
    // two vitest processes, one for the tests that run real binaries and one for the rest, took
    // 233 s against 191 s (the tests start thousands of processes, which do not scale here).
    testTimeout: 30_000,
    // Synthesizing a stack in beforeAll takes seconds; on a loaded 2-core machine, more.
    hookTimeout: 60_000,
  },
});
