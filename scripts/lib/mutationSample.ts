/**
 * A random sample of a target's mutants, for a score that can be measured where the whole
 * target cannot: `components/` and `stacks/` cost a stack synthesis per mutant, hours each at
 * concurrency 1. The sample is drawn from every mutant StrykerJS would make (its own
 * instrumenter), run by Stryker as usual (mutate ranges and the sample ignorer,
 * scripts/mutationSampleIgnorer.mjs), and scored with a 95 % confidence interval.
 */
import { readFile } from "fs/promises";

/** A position as Stryker's API gives it: line and column both zero-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One mutant: where it is and what it does. */
export interface SampledMutant {
  readonly fileName: string;
  readonly mutatorName: string;
  readonly replacement: string;
  readonly location: { readonly start: Position; readonly end: Position };
}

/** What `npm run mutation -- <target> --sample=N` drew, written beside the report. */
export interface MutationSample {
  readonly target: string;
  readonly seed: number;
  /** How many mutants the target's files hold in all. */
  readonly population: number;
  /** The population per folder (see `folderOf`). */
  readonly populationByFolder: Readonly<Record<string, number>>;
  readonly mutants: readonly SampledMutant[];
  /** Stryker `mutate` entries for these mutants (`mutateRanges`). */
  readonly ranges: readonly string[];
}

/** A Stryker logger that says nothing (the instrumenter wants one). */
export const quietLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => false,
  isErrorEnabled: () => false,
  isFatalEnabled: () => false,
};

/** Every mutant Stryker's instrumenter makes in these files (paths relative to `root`). */
export async function listMutants(
  fileNames: readonly string[],
  root: string,
): Promise<SampledMutant[]> {
  const files = await Promise.all(
    fileNames.map(async (name) => ({
      name,
      mutate: true as const,
      content: await readFile(`${root}/${name}`, "utf8"),
    })),
  );
  // Loaded as ES module: a require() of it (tsx's CommonJS path) breaks its babel import.
  const { Instrumenter } = await import("@stryker-mutator/instrumenter");
  const instrumenter = new Instrumenter(quietLogger);
  const { mutants } = await instrumenter.instrument(files, {
    ignorers: [],
    plugins: null,
    excludedMutations: [],
  });
  return mutants.map(({ fileName, mutatorName, replacement, location }) => ({
    fileName,
    mutatorName,
    replacement,
    location,
  }));
}

/** mulberry32: a small seeded generator, so that a seed names one sample for good. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` mutants drawn without replacement, each equally likely; the same seed, the same draw. */
export function drawSample<T>(population: readonly T[], size: number, seed: number): T[] {
  const pool = [...population];
  const random = randomFrom(seed);
  const count = Math.min(size, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

/** The folder a mutated file is scored under: `scripts/lib`, else its first directory. */
export function folderOf(fileName: string): string {
  return fileName.startsWith("scripts/lib/") ? "scripts/lib" : fileName.split("/")[0];
}

/** How many of these mutants fall in each folder. */
export function countByFolder(mutants: readonly SampledMutant[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of mutants) counts[folderOf(m.fileName)] = (counts[folderOf(m.fileName)] ?? 0) + 1;
  return counts;
}

/**
 * Stryker `mutate` entries selecting the sampled mutants' nodes: `file:line:column-line:column`,
 * lines one-based and columns zero-based as Stryker reads them. A range also selects every node
 * inside it; the sample ignorer sets those aside.
 */
export function mutateRanges(sample: readonly SampledMutant[]): string[] {
  const ranges = sample.map(
    ({ fileName, location: { start, end } }) =>
      `${fileName}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`,
  );
  return [...new Set(ranges)].sort();
}

/** A mutant as Stryker's JSON report (mutation-testing-report-schema) records it. */
interface ReportedMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: Position; readonly end: Position };
}

/** The part of Stryker's mutation.json read here: one-based lines and columns. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportedMutant[] }>>;
}

/** Killed or timed out: the tests noticed. Survived or not covered: they did not. */
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

export interface FolderScore {
  readonly folder: string;
  readonly population: number;
  readonly sampled: number;
  /** Sampled mutants that compiled and ran (detected + undetected). */
  readonly valid: number;
  readonly detected: number;
  /** Of the detected, those that ran past Stryker's timeout (a hang, or a very slow run). */
  readonly timedOut: number;
  readonly undetected: number;
  /** Did not compile, or errored at run time: not in the score, as in a full run. */
  readonly excluded: number;
  /** Not finished when a stopped run was read (`partial`): not in the score. */
  readonly pending: number;
  /** detected / valid, as a percentage; undefined when nothing valid was sampled. */
  readonly score?: number;
  /** Wilson 95 % interval of the score, in percent. */
  readonly interval?: readonly [number, number];
  readonly survivors: readonly SampledMutant[];
}

/** The Wilson score interval of k successes in n trials, at z (1.96: 95 %). */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function sameMutant(sampled: SampledMutant, reported: ReportedMutant): boolean {
  const { start, end } = sampled.location;
  return (
    sampled.mutatorName === reported.mutatorName &&
    sampled.replacement === reported.replacement &&
    reported.location.start.line === start.line + 1 &&
    reported.location.start.column === start.column + 1 &&
    reported.location.end.line === end.line + 1 &&
    reported.location.end.column === end.column + 1
  );
}

/**
 * The sample's score per folder and overall, from Stryker's report of the sampled run. Only
 * the sampled mutants count: others the run reports (other mutators on a sampled node) do not.
 * A sampled mutant missing from the report, or ignored, is an error: the sample and the report
 * do not match; with `partial` (a run stopped part-way), a missing one is pending.
 */
export function summarizeSample(
  sample: MutationSample,
  report: MutationReport,
  { partial = false } = {},
): FolderScore[] {
  const statusOf = (m: SampledMutant): string => {
    const found = report.files[m.fileName]?.mutants.find((r) => sameMutant(m, r));
    if (!found && partial) return "Pending";
    if (!found) {
      const { line, column } = m.location.start;
      throw new Error(
        `sampled mutant ${m.mutatorName} at ${m.fileName}:${line + 1}:${column + 1} is not in the report`,
      );
    }
    if (found.status === "Ignored") {
      const { line, column } = m.location.start;
      throw new Error(
        `sampled mutant ${m.mutatorName} at ${m.fileName}:${line + 1}:${column + 1} was ignored, not run`,
      );
    }
    return found.status;
  };
  const statuses = sample.mutants.map((m) => ({ m, status: statusOf(m) }));
  const folders = Object.keys(sample.populationByFolder).sort();
  const score = (folder: string, population: number, rows: typeof statuses): FolderScore => {
    const detected = rows.filter((r) => DETECTED.has(r.status)).length;
    const undetectedRows = rows.filter((r) => UNDETECTED.has(r.status));
    const valid = detected + undetectedRows.length;
    const [low, high] = wilsonInterval(detected, valid);
    return {
      folder,
      population,
      sampled: rows.length,
      valid,
      detected,
      timedOut: rows.filter((r) => r.status === "Timeout").length,
      undetected: undetectedRows.length,
      excluded: rows.length - valid - rows.filter((r) => r.status === "Pending").length,
      pending: rows.filter((r) => r.status === "Pending").length,
      ...(valid > 0 ? { score: (100 * detected) / valid, interval: [100 * low, 100 * high] } : {}),
      survivors: undetectedRows.map((r) => r.m),
    };
  };
  return [
    ...folders.map((folder) =>
      score(
        folder,
        sample.populationByFolder[folder],
        statuses.filter((r) => folderOf(r.m.fileName) === folder),
      ),
    ),
    score("all", sample.population, statuses),
  ];
}

/** The summary as a Markdown table (what docs/mutation-testing.md records). */
export function summaryTable(scores: readonly FolderScore[]): string {
  const percent = (x?: number) => (x === undefined ? "n/a" : `${x.toFixed(1)} %`);
  const rows = scores.map(
    (s) =>
      `| ${s.folder} | ${s.population} | ${s.sampled} | ${s.excluded} / ${s.pending} | ${s.detected} (${s.timedOut}) | ${s.undetected} | ${percent(s.score)} | ${s.interval ? `${percent(s.interval[0])} – ${percent(s.interval[1])}` : "n/a"} |`,
  );
  return [
    "| folder | mutants | sampled | no compile / error / pending | detected (timed out) | undetected | score | 95 % interval |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/**
 * A mutant's result as Stryker's event recorder writes it (`onMutantTested`): the report
 * schema's positions (one-based), the file by absolute path.
 */
interface TestedMutantEvent extends ReportedMutant {
  readonly fileName: string;
}

/**
 * The results a sampled run recorded so far (its `events/` files), as a report: what can be
 * said of a run that was stopped before its mutation.json was written.
 */
export function reportFromEvents(
  events: readonly TestedMutantEvent[],
  root: string,
): MutationReport {
  const files: Record<string, { mutants: ReportedMutant[] }> = {};
  for (const e of events) {
    const name = e.fileName.startsWith(`${root}/`) ? e.fileName.slice(root.length + 1) : e.fileName;
    (files[name] ??= { mutants: [] }).mutants.push(e);
  }
  return { files };
}
