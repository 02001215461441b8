// StrykerJS, one target at a time: `npm run mutation -- <target>...` (scripts/mutation.ts) sets
// MUTATION_TARGET. Not in .ci/run: a full run takes hours on a shared 2-core machine.
// docs/mutation-testing.md has the scores, the survivors and how long each target takes.

import { readdirSync, readFileSync } from "fs";

/**
 * Every test file of test/policy but the two that synthesize both stacks in a beforeAll
 * (realStacks, regressionsInRealStacks: they stay in `npm test`); the rest build resources by
 * hand and run in about 20 s together.
 */
const SYNTH_BACKED = new Set(["realStacks.test.ts", "regressionsInRealStacks.test.ts"]);
const POLICY_TESTS = readdirSync(new URL("test/policy/", import.meta.url))
  .filter((file) => file.endsWith(".test.ts") && !SYNTH_BACKED.has(file))
  .sort()
  .map((file) => `test/policy/${file}`);

/**
 * The four folders, and the modules held to 95% (each also inside its folder's run): what is
 * mutated, and the test files that may kill it. Test files that synthesize a whole stack in a
 * beforeAll rerun it for every mutant they cover; they are listed only where no faster test
 * covers the behaviour.
 */
export const TARGETS = {
  // index.ts only starts the gRPC server; no test may import it (pack.test.ts reads its text).
  policy: { mutate: ["policy/**/*.ts", "!policy/index.ts"], tests: POLICY_TESTS },
  // The same folder in four parts, each with its own report, for runs that must finish sooner.
  "policy-lib": { mutate: ["policy/lib/**/*.ts", "policy/allPolicies.ts"], tests: POLICY_TESTS },
  "policy-docker": { mutate: ["policy/policies/docker*.ts"], tests: POLICY_TESTS },
  "policy-kubernetes": { mutate: ["policy/policies/kubernetes*.ts"], tests: POLICY_TESTS },
  "policy-stack": {
    mutate: [
      "policy/policies/*.ts",
      "!policy/policies/docker*.ts",
      "!policy/policies/kubernetes*.ts",
    ],
    tests: POLICY_TESTS,
  },
  components: { mutate: ["components/**/*.ts"], tests: ["test/**/*.test.ts"] },
  stacks: { mutate: ["stacks/**/*.ts"], tests: ["test/**/*.test.ts"] },
  "scripts-lib": { mutate: ["scripts/lib/**/*.ts"], tests: ["test/scripts/*.test.ts"] },
  // The three folders no full run can cover here, for a sampled run (--sample=N): one draw
  // over all their mutants, scored per folder and together. Against the program tier only
  // (vitest.config.ts): a survivor there reruns every related file, and the tools tier alone
  // is minutes of processes. The score is then a lower bound of the whole suite's.
  folders: {
    mutate: ["components/**/*.ts", "stacks/**/*.ts", "scripts/lib/**/*.ts"],
    tests: ["test/**/*.test.ts"],
    programTierOnly: true,
  },
  secrets: {
    mutate: ["components/database/secrets/**/*.ts"],
    tests: [
      "test/components/database/supabaseSecrets.test.ts",
      "test/components/database/supabaseDemoSecrets.test.ts",
    ],
  },
  config: {
    mutate: ["stacks/config/**/*.ts", "stacks/*/*Config.ts"],
    // The stacks' whole config read without a synthesis; config.test.ts synthesizes the same
    // refusals (nothing created) and stays in `npm test`.
    tests: [
      "test/stacks/*/configValidation.test.ts",
      "test/stacks/config/configReader.test.ts",
      // Loads each stack kind's config (no synthesis): the defaults Pulumi.yaml states are the
      // program's.
      "test/stacks/config/declarations.test.ts",
      "test/stacks/config/declarationsParsing.test.ts",
      "test/stacks/config/supabaseJwtTimes.test.ts",
      "test/stacks/config/s3Store.test.ts",
      "test/stacks/config/versionsConfig.test.ts",
      "test/stacks/archonProd/offsiteConfig.test.ts",
      "test/stacks/archonProd/edgeConfig.test.ts",
      "test/stacks/archonProd/archonConfig.test.ts",
      "test/stacks/archonProd/archonProdConfig.test.ts",
      "test/stacks/sector7/backupConfig.test.ts",
      "test/stacks/sector7/clusterConfig.test.ts",
      "test/stacks/sector7/sector7Config.test.ts",
      "test/stacks/sector7Services/servicesConfig.test.ts",
      "test/stacks/archonProd/limitsAndPaths.test.ts",
      "test/stacks/archonProd/hostResources.test.ts",
      "test/stacks/archonProd/backupDatabases.test.ts",
    ],
  },
  "config-units": {
    mutate: ["stacks/archonProd/hostResourcesConfig.ts", "stacks/archonProd/backupConfig.ts"],
    tests: [
      "test/stacks/archonProd/limitsAndPaths.test.ts",
      "test/stacks/archonProd/hostResources.test.ts",
      "test/stacks/archonProd/backupDatabases.test.ts",
    ],
  },
  redaction: {
    mutate: ["scripts/lib/renderedFiles.ts", "scripts/lib/propertyValues.ts"],
    tests: ["test/scripts/redaction.test.ts"],
  },
  "new-policies": {
    mutate: ["policy/policies/postgrestAnonRole.ts", "policy/policies/readWriteOnceRecreate.ts"],
    // pack.test.ts checks each policy's name, description and remediation text.
    tests: [
      "test/policy/postgrestAnonRole.test.ts",
      "test/policy/readWriteOnceRecreate.test.ts",
      "test/policy/pack.test.ts",
    ],
  },
};

const target = process.env.MUTATION_TARGET ?? "policy";
// `policy/<module>[,<module>...]`: modules of policy/policies or policy/lib against the policy
// tests, for a report that arrives in minutes on a loaded machine (the folder takes hours).
const modules = /^policy\/([\w,]+)$/.exec(target)?.[1].split(",");
if (modules) {
  TARGETS[target] = {
    mutate: modules.map((m) => `policy/{policies,lib}/${m}.ts`),
    tests: POLICY_TESTS,
  };
}
if (!(target in TARGETS)) {
  throw new Error(`MUTATION_TARGET=${target}: expected one of ${Object.keys(TARGETS).join(", ")}`);
}
// A sampled run (`--sample=N`, scripts/mutation.ts): only the drawn mutants' nodes are mutated,
// and the sample ignorer sets aside the nodes inside them.
const sampleFile = process.env.MUTATION_SAMPLE;
const sample = sampleFile ? JSON.parse(readFileSync(sampleFile, "utf8")) : undefined;
const out = `reports/mutation/${target}${sample ? "-sample" : ""}`;
// Read by vitest.mutation.config.ts in the test runner processes, which inherit this environment.
process.env.MUTATION_TESTS = TARGETS[target].tests.join(",");
if (TARGETS[target].programTierOnly) process.env.MUTATION_PROGRAM_TIER = "1";

export default {
  testRunner: "vitest",
  // Only the test files that import a mutated file run, in the dry run and for each mutant.
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  // Mutants that do not compile are never run (checked in groups: the default, the fast mode).
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Each mutant runs only the tests that executed it. Code reached only from a beforeAll (a
  // synthesized stack) is "static": its mutants run every test of the related files.
  coverageAnalysis: "perTest",
  // Two cores shared with other work: one test runner, one checker.
  concurrency: 1,
  // A sampled run's static mutants rerun every related file under load for minutes: a short
  // timeout would count a slow run as a detected mutant. Ten minutes leaves only real hangs.
  timeoutMS: sample ? 600_000 : 60_000,
  mutate: sample ? sample.ranges : TARGETS[target].mutate,
  ...(sample
    ? {
        plugins: ["@stryker-mutator/*", "./scripts/mutationSampleIgnorer.mjs"],
        ignorers: ["sample"],
      }
    : {}),
  // The initial run of a folder target runs many stack syntheses on a loaded machine.
  dryRunTimeoutMinutes: 60,
  // Reuses the results of mutants whose code and covering tests did not change since the last
  // run. Git-ignored (see docs/mutation-testing.md).
  incremental: true,
  incrementalFile: `${out}/stryker-incremental.json`,
  // A sampled run also records each mutant's result as it finishes (events/), so that a run
  // stopped part-way still says what it measured (`npm run mutation -- <target> --summary`).
  reporters: [
    "clear-text",
    "progress-append-only",
    "html",
    "json",
    ...(sample ? ["event-recorder"] : []),
  ],
  eventReporter: { baseDir: `${out}/events` },
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  tempDirName: `.stryker-tmp/${target}${sample ? "-sample" : ""}`,
  cleanTempDir: "always",
  ignorePatterns: ["reports", ".stryker-tmp", "out", "bin"],
  thresholds: { high: 95, low: 85, break: null },
};
