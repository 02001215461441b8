import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files whose time goes to real binaries (PostgreSQL, nginx, bash scripts on a stand-in
 * host, spawned CLIs) and which synthesize no stack. They form the `tools` project; every other
 * file is `program` (the Pulumi program under the mock runtime). `npm test` runs the two in
 * parallel, one process each (scripts/test.cjs): neither imports what the other needs, so the
 * second core does not repeat the first one's imports and syntheses.
 */
export const TOOL_TESTS = [
  "test/components/archon/archonSchema.test.ts",
  "test/components/archon/archonSettingsCheck.test.ts",
  "test/components/archon/postDeployChecks.test.ts",
  "test/components/archon/postgrestReady.test.ts",
  "test/components/backups/backupRestore.test.ts",
  "test/components/database/pgtuneSettings.test.ts",
  "test/components/edge/certbotEdge.test.ts",
  "test/components/edge/hostNginx.test.ts",
  "test/components/edge/nginxArchonLogin.test.ts",
  "test/components/edge/nginxEdge.test.ts",
  "test/scripts/archonMovingIn.test.ts",
  "test/scripts/cliHelp.test.ts",
  "test/scripts/sector7MovingIn.test.ts",
  "test/stacks/sector7Services/provisioning.test.ts",
];

export default defineConfig({
  test: {
    // A missing system tool stops the run with one line naming the install command.
    globalSetup: ["test/globalSetup.ts"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    // Files of a worker share one module graph: @pulumi/pulumi and the program are imported once
    // per worker, not once per file, and synthFixture's synths are shared. Every synth installs a
    // fresh mock monitor, so the runtime's global state does not leak from one file to the next.
    isolate: false,
    // One worker per vitest process. Two workers in one process took the same time with 45 %
    // more CPU (each imported the program and synthesized the stacks); the two projects below,
    // in two processes, split the work by what it needs instead.
    maxWorkers: 1,
    testTimeout: 30_000,
    // Synthesizing a stack in beforeAll takes seconds; on a loaded 2-core machine, more.
    hookTimeout: 60_000,
    // (Each project names its own include: extends would append to a root list, not replace it.)
    projects: [
      { extends: true, test: { name: "tools", include: TOOL_TESTS } },
      {
        extends: true,
        test: {
          name: "program",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...TOOL_TESTS],
        },
      },
    ],
  },
});
