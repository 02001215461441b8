import { configDefaults, defineConfig } from "vitest/config";

/**
 * The `tools` tier: test files that start processes (PostgreSQL, nginx, bash scripts, the CLIs,
 * the policy pack), directly or through a helper of test/support. Every other file is the
 * `program` tier, the Pulumi program under the mock runtime and nothing else, which
 * `npm run test:program` runs alone in well under a minute. test/layout/testTiers.test.ts
 * checks that this list is exactly the files that start processes.
 */
export const TOOL_TESTS = [
  "test/components/archon/archonSchema.test.ts",
  "test/components/archon/archonSettingsCheck.test.ts",
  "test/components/archon/archonSource.test.ts",
  "test/components/archon/postDeployChecks.test.ts",
  "test/components/archon/postgrestReady.test.ts",
  "test/components/backups/backupRestore.test.ts",
  "test/components/backups/offsiteCopies.test.ts",
  "test/components/backups/restoreProcedure.test.ts",
  "test/components/cluster/hostScripts.test.ts",
  "test/components/database/pgtuneSettings.test.ts",
  "test/components/database/postgresProbes.test.ts",
  "test/components/database/seedConfigDirectory.test.ts",
  "test/components/database/supabasePostgres.test.ts",
  "test/components/edge/certbotEdge.test.ts",
  "test/components/edge/hostNginx.test.ts",
  "test/components/edge/nginxArchonLogin.test.ts",
  "test/components/edge/nginxEdge.test.ts",
  "test/docs/movingIn.test.ts",
  "test/scripts/archonMovingIn.test.ts",
  "test/scripts/cliHelp.test.ts",
  "test/scripts/plan.test.ts",
  "test/scripts/planViews.test.ts",
  "test/scripts/sector7MovingIn.test.ts",
  "test/scripts/stackGraph.test.ts",
  "test/scripts/synth.test.ts",
  "test/stacks/sector7/existingControllers.test.ts",
  "test/stacks/sector7/synth.test.ts",
  "test/stacks/sector7Services/provisioning.test.ts",
  "test/stacks/sector7Services/readyForUse.test.ts",
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
    // One worker per vitest process here (vitest's default on two cores). Measured on the 2-core
    // machine: two workers in one process took the same 211 s but 45 % more CPU, each importing
    // the program and synthesizing the stacks. `npm test` instead runs the two projects below in two processes (scripts/test.cjs),
    // split by what they need: 159 s against 193 s for one process running both.
    testTimeout: 30_000,
    // Synthesizing a stack in beforeAll takes seconds; on a loaded 2-core machine, more.
    hookTimeout: 60_000,
    // `npx vitest run` runs both, one after the other; `npm test` runs them side by side. Each
    // project names its own include: `extends` would append to a root list.
    projects: [
      {
        extends: true,
        test: {
          name: "program",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...TOOL_TESTS],
        },
      },
      { extends: true, test: { name: "tools", include: TOOL_TESTS } },
    ],
  },
});
