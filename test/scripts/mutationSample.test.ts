import { Instrumenter } from "@stryker-mutator/instrumenter";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countByFolder,
  drawSample,
  listMutants,
  MutationReport,
  MutationSample,
  mutateRanges,
  quietLogger,
  reportFromEvents,
  SampledMutant,
  summarizeSample,
  wilsonInterval,
} from "../../scripts/lib/mutationSample";
import { sampleIgnorer } from "../../scripts/mutationSampleIgnorer.mjs";

// Nested on purpose: blocks inside functions inside a class, conditions inside conditions, so
// that a sampled outer node holds other mutants.
const SOURCE_A = `export function limit(memory: number, floor = 64): number {
  if (memory > 4096 || memory < 1) {
    throw new Error("memory: " + String(memory) + " is out of range");
  }
  return memory >= floor ? Math.floor(memory / 16) * 16 : floor;
}
export const names = ["archon", "kong"].filter((n) => n.length > 4 && !n.startsWith("k"));
`;
const SOURCE_B = `export class Budget {
  constructor(private readonly total: number) {}
  fits(parts: number[]): boolean {
    let sum = 0;
    for (const p of parts) {
      sum += p;
    }
    return sum <= this.total && parts.every((p) => p > 0);
  }
}
`;

const FILES = { "components/a.ts": SOURCE_A, "scripts/lib/b.ts": SOURCE_B };
const key = (m: Pick<SampledMutant, "fileName" | "mutatorName" | "replacement" | "location">) =>
  `${m.fileName} ${m.mutatorName} ${m.replacement} ${JSON.stringify(m.location)}`;
const at = (m: Pick<SampledMutant, "fileName" | "location">) =>
  `${m.fileName} ${JSON.stringify(m.location)}`;

/**
 * What Stryker does with `mutate` entries: parse `file:line:column-line:column` (lines
 * one-based, project-reader.js in @stryker-mutator/core 9.6.1 subtracts one) and instrument
 * the file with those ranges, here with the files named by absolute path as Stryker does.
 */
async function instrumentLikeStryker(
  root: string,
  ranges: readonly string[],
  sample?: MutationSample,
) {
  const byFile = new Map<
    string,
    { start: { line: number; column: number }; end: { line: number; column: number } }[]
  >();
  for (const range of ranges) {
    const match = /^(.*):(\d+):(\d+)-(\d+):(\d+)$/.exec(range);
    if (!match) throw new Error(`not a mutate range: ${range}`);
    const [, file, sl, sc, el, ec] = match;
    const list = byFile.get(file) ?? [];
    list.push({
      start: { line: Number(sl) - 1, column: Number(sc) },
      end: { line: Number(el) - 1, column: Number(ec) },
    });
    byFile.set(file, list);
  }
  const files = [...byFile].map(([file, mutate]) => ({
    name: path.join(root, file),
    mutate,
    content: FILES[file as keyof typeof FILES],
  }));
  const { mutants } = await new Instrumenter(quietLogger).instrument(files, {
    ignorers: sample ? [sampleIgnorer(sample, root)] : [],
    plugins: null,
    excludedMutations: [],
  });
  return mutants.map((m) => ({ ...m, fileName: path.relative(root, m.fileName) }));
}

type Span = SampledMutant["location"];
const before = (a: Span["start"], b: Span["start"]) =>
  a.line < b.line || (a.line === b.line && a.column <= b.column);
const within = (outer: Span, inner: Span) =>
  before(outer.start, inner.start) && before(inner.end, outer.end);

describe("a sampled mutation run", () => {
  let root: string;
  let population: SampledMutant[];

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "mutation-sample-"));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    population = await listMutants(Object.keys(FILES), root);
  });

  it("draws from every mutant Stryker makes in the files, each file counted under its folder", async () => {
    const everything = await instrumentLikeStryker(root, [
      "components/a.ts:1:0-8:0",
      "scripts/lib/b.ts:1:0-11:0",
    ]);
    expect(population.map(key).sort()).toEqual(everything.map(key).sort());
    const counts = countByFolder(population);
    expect(Object.keys(counts).sort()).toEqual(["components", "scripts/lib"]);
    expect(counts.components + counts["scripts/lib"]).toBe(population.length);
    expect(counts.components).toBe(
      everything.filter((m) => m.fileName === "components/a.ts").length,
    );
  });

  it("runs exactly the sampled mutants' nodes: everything inside them is ignored", async () => {
    let extrasSetAside = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const mutants = drawSample(population, 4, seed);
      const sample: MutationSample = {
        target: "t",
        seed,
        population: population.length,
        populationByFolder: countByFolder(population),
        mutants,
        ranges: mutateRanges(mutants),
      };
      const withIgnorer = await instrumentLikeStryker(root, sample.ranges, sample);
      const run = withIgnorer.filter((m) => m.status !== "Ignored");
      const sampledNodes = new Set(mutants.map(at));
      // Every sampled mutant runs. Nothing else runs but the other mutants of a sampled node
      // and those of a node between two sampled ones (it holds one, so it cannot be ignored).
      expect(run.map(key)).toEqual(expect.arrayContaining(mutants.map(key)));
      const holdsSampled = (m: SampledMutant) =>
        mutants.some((s) => s.fileName === m.fileName && within(m.location, s.location));
      expect(run.filter((m) => !sampledNodes.has(at(m)) && !holdsSampled(m))).toEqual([]);
      const rangesAlone = await instrumentLikeStryker(root, sample.ranges);
      extrasSetAside += rangesAlone.length - run.length;
    }
    // The ranges alone bring nodes nested in the sampled ones; the ignorer is what removes them.
    expect(extrasSetAside).toBeGreaterThan(0);
  });

  it("draws the same mutants for the same seed (a larger draw extends it), without repeats, never more than there are", () => {
    const first = drawSample(population, 10, 7);
    expect(drawSample(population, 10, 7)).toEqual(first);
    // A larger sample with the same seed extends the smaller one.
    expect(drawSample(population, 20, 7).slice(0, 10)).toEqual(first);
    expect(drawSample(population, 10, 8)).not.toEqual(first);
    expect(new Set(first.map(key)).size).toBe(10);
    expect(drawSample(population, population.length + 5, 7)).toHaveLength(population.length);
  });

  it("gives every mutant the same chance", () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const drawn = new Array<number>(10).fill(0);
    const seeds = 3000;
    for (let seed = 0; seed < seeds; seed++) for (const i of drawSample(items, 3, seed)) drawn[i]++;
    // Each item is expected in 3 of 10 draws: 900 of 3000, standard deviation about 25.
    for (const count of drawn) expect(Math.abs(count - 900)).toBeLessThan(100);
  });
});

describe("the sample's score", () => {
  const mutant = (
    fileName: string,
    line: number,
    mutatorName = "ConditionalExpression",
  ): SampledMutant => ({
    fileName,
    mutatorName,
    replacement: "true",
    location: { start: { line, column: 2 }, end: { line, column: 9 } },
  });
  const reported = (m: SampledMutant, status: string) => ({
    mutatorName: m.mutatorName,
    replacement: m.replacement,
    status,
    location: {
      start: { line: m.location.start.line + 1, column: m.location.start.column + 1 },
      end: { line: m.location.end.line + 1, column: m.location.end.column + 1 },
    },
  });
  const killed = mutant("components/a.ts", 1);
  const timedOut = mutant("components/a.ts", 2);
  const survived = mutant("components/a.ts", 3);
  const uncompiled = mutant("stacks/s.ts", 4);
  const uncovered = mutant("scripts/lib/b.ts", 5);
  const sample: MutationSample = {
    target: "folders",
    seed: 1,
    population: 600,
    populationByFolder: { components: 300, stacks: 200, "scripts/lib": 100 },
    mutants: [killed, timedOut, survived, uncompiled, uncovered],
    ranges: [],
  };
  // A sibling on a sampled node that the sample did not draw: reported, never counted.
  const sibling = { ...survived, mutatorName: "BooleanLiteral" };
  const report: MutationReport = {
    files: {
      "components/a.ts": {
        mutants: [
          reported(killed, "Killed"),
          reported(timedOut, "Timeout"),
          reported(survived, "Survived"),
          reported(sibling, "Survived"),
        ],
      },
      "stacks/s.ts": { mutants: [reported(uncompiled, "CompileError")] },
      "scripts/lib/b.ts": { mutants: [reported(uncovered, "NoCoverage")] },
    },
  };

  it("counts killed and timed out as detected, survived and uncovered as not, and leaves out what did not compile", () => {
    const scores = Object.fromEntries(summarizeSample(sample, report).map((s) => [s.folder, s]));
    expect(scores.components).toMatchObject({
      population: 300,
      sampled: 3,
      valid: 3,
      detected: 2,
      undetected: 1,
      excluded: 0,
    });
    expect(scores.components.score).toBeCloseTo(66.67, 1);
    expect(scores.components.survivors).toEqual([survived]);
    expect(scores.stacks).toMatchObject({ sampled: 1, valid: 0, excluded: 1 });
    expect(scores.stacks.score).toBeUndefined();
    expect(scores["scripts/lib"]).toMatchObject({ valid: 1, detected: 0, score: 0 });
    expect(scores.all).toMatchObject({
      population: 600,
      sampled: 5,
      valid: 4,
      detected: 2,
      undetected: 2,
      score: 50,
    });
  });

  it("refuses a report that lacks or ignored a sampled mutant, naming it", () => {
    const moved = { ...report, files: { ...report.files, "stacks/s.ts": { mutants: [] } } };
    expect(() => summarizeSample(sample, moved)).toThrow(
      "ConditionalExpression at stacks/s.ts:5:3 is not in the report",
    );
  });

  it("reads a stopped run from its recorded events: files by absolute path, finished mutants only", () => {
    // Stryker 9.6.1's event recorder writes the report schema's one-based positions.
    const event = (m: SampledMutant, status: string) => ({
      ...reported(m, status),
      fileName: `/repo/${m.fileName}`,
    });
    const events = [
      event(killed, "Killed"),
      event(survived, "Survived"),
      event(uncovered, "NoCoverage"),
    ];
    const partial = Object.fromEntries(
      summarizeSample(sample, reportFromEvents(events, "/repo"), { partial: true }).map((s) => [
        s.folder,
        s,
      ]),
    );
    expect(partial.all).toMatchObject({
      sampled: 5,
      pending: 2,
      valid: 3,
      detected: 1,
      undetected: 2,
    });
    expect(partial.stacks).toMatchObject({ pending: 1, excluded: 0 });
    // Read as a finished run, the same events miss two sampled mutants.
    expect(() => summarizeSample(sample, reportFromEvents(events, "/repo"))).toThrow(
      "is not in the report",
    );
  });

  it("gives the Wilson 95 % interval", () => {
    // 85 of 100: 76.7 % to 90.7 %; 0 of 10: up to 27.8 % (published tables of the Wilson interval).
    const [low, high] = wilsonInterval(85, 100);
    expect(low).toBeCloseTo(0.7672, 3);
    expect(high).toBeCloseTo(0.9069, 3);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.2775, 3);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});
