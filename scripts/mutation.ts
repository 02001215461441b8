/**
 * `npm run mutation -- [target...] [--sample=N [--seed=S]]`: StrykerJS on each target of
 * stryker.config.mjs in turn (default: the four folders), then how long each took. With
 * `--sample`, each target runs N mutants drawn at random from all of its mutants and prints the
 * sample's score per folder with a 95 % interval (`--summary` prints it again). Not part of .ci/run: see
 * docs/mutation-testing.md for run times and the last scores.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "fs";
import * as path from "path";
import { glob } from "tinyglobby";
import {
  countByFolder,
  drawSample,
  listMutants,
  MutationSample,
  mutateRanges,
  reportFromEvents,
  summarizeSample,
  summaryTable,
} from "./lib/mutationSample";

const FOLDERS = ["policy", "scripts-lib", "stacks", "components"];
const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const option = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ours = (a: string) =>
  a.startsWith("--sample=") || a.startsWith("--seed=") || a === "--summary";
const targets = args.filter((a) => !a.startsWith("-"));
const passThrough = args.filter((a) => a.startsWith("-") && !ours(a));

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    console.error(`--${name}=${text}: expected a whole number from 1 to 999999999`);
    process.exit(2);
  }
  return Number(text);
}

const sampleSize =
  option("sample") === undefined ? undefined : wholeNumber("sample", option("sample"), 0);
// The day's date as a seed would change the draw daily; a fixed default keeps runs comparable.
const seed = wholeNumber("seed", option("seed"), 16);

/** Draws the sample for `target` and writes it where stryker.config.mjs reads it. */
async function writeSample(target: string, size: number): Promise<string> {
  const { TARGETS } = await import("../stryker.config.mjs");
  const files = await glob(TARGETS[target].mutate, { cwd: root });
  const population = await listMutants(files.sort(), root);
  const mutants = drawSample(population, size, seed);
  const sample: MutationSample = {
    target,
    seed,
    population: population.length,
    populationByFolder: countByFolder(population),
    mutants,
    ranges: mutateRanges(mutants),
  };
  const dir = path.join(root, "reports", "mutation", `${target}-sample`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "sample.json");
  writeFileSync(file, `${JSON.stringify(sample, null, 2)}\n`);
  console.log(`${target}: ${mutants.length} of ${population.length} mutants drawn (seed ${seed})`);
  return file;
}

/**
 * The sample's score from the run's mutation.json or, when the run was stopped before writing
 * it, from the results its event recorder wrote so far (marked partial).
 */
function reportSample(target: string, sampleFile: string): string {
  const dir = path.dirname(sampleFile);
  const sample = JSON.parse(readFileSync(sampleFile, "utf8")) as MutationSample;
  const reportFile = path.join(dir, "mutation.json");
  const eventsDir = path.join(dir, "events");
  const partial =
    !existsSync(reportFile) || statSync(reportFile).mtimeMs < statSync(sampleFile).mtimeMs;
  const report = partial
    ? reportFromEvents(
        readdirSync(eventsDir)
          .filter((f) => f.endsWith("-onMutantTested.json"))
          .map((f) => JSON.parse(readFileSync(path.join(eventsDir, f), "utf8"))),
        root,
      )
    : JSON.parse(readFileSync(reportFile, "utf8"));
  const scores = summarizeSample(sample, report, { partial });
  writeFileSync(path.join(dir, "summary.json"), `${JSON.stringify(scores, null, 2)}\n`);
  const what = partial ? "partial run (stopped; from its events)" : "complete run";
  return `${target}, sample of ${sample.mutants.length} (seed ${sample.seed}), ${what}:\n${summaryTable(scores)}`;
}

async function main(): Promise<void> {
  // `--summary`: print the last sampled run's score again, from its files, without running.
  if (args.includes("--summary")) {
    for (const target of targets) {
      console.log(
        reportSample(
          target,
          path.join(root, "reports", "mutation", `${target}-sample`, "sample.json"),
        ),
      );
    }
    return;
  }
  const timings: string[] = [];
  const summaries: string[] = [];
  let failed = false;
  for (const target of targets.length > 0 ? targets : FOLDERS) {
    const started = Date.now();
    const sampleFile = sampleSize === undefined ? undefined : await writeSample(target, sampleSize);
    const run = spawnSync(
      path.join(root, "node_modules", ".bin", "stryker"),
      ["run", "stryker.config.mjs", ...passThrough],
      {
        cwd: root,
        stdio: "inherit",
        env: {
          ...process.env,
          MUTATION_TARGET: target,
          ...(sampleFile ? { MUTATION_SAMPLE: sampleFile } : {}),
        },
      },
    );
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    timings.push(`${target}: ${minutes} min, exit ${run.status}`);
    failed ||= run.status !== 0;
    if (sampleFile && run.status === 0) summaries.push(reportSample(target, sampleFile));
  }
  console.log(`\nmutation testing run times\n${timings.map((t) => `  ${t}`).join("\n")}`);
  for (const summary of summaries) console.log(`\n${summary}`);
  console.log("reports: reports/mutation/<target>[-sample]/index.html");
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
