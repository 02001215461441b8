// StrykerJS ignorer plugin for sampled runs (`npm run mutation -- <target> --sample=N`).
// stryker.config.mjs mutates only the sampled mutants' nodes (mutate ranges), but a range also
// selects every node inside it: a sampled `{ ... }` block would bring all the mutants of its
// body. This ignorer sets aside each node that lies inside a sampled node of its file without
// being one or holding one, so Stryker reports those as Ignored and does not run them.

import { readFileSync } from "fs";
import * as path from "path";
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

/** A babel location (one-based line, zero-based column) as `line:column-line:column`. */
function key(loc) {
  return `${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}`;
}

function before(a, b) {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

/** `inner` lies within `outer` (bounds included). */
function within(outer, inner) {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * The ignorer for a sample (scripts/lib/mutationSample.ts `MutationSample`): files are
 * compared relative to `root`.
 */
export function sampleIgnorer(sample, root) {
  const nodes = new Map();
  for (const { fileName, location } of sample.mutants) {
    // Stryker's API locations are zero-based lines; babel's are one-based.
    const loc = {
      start: { line: location.start.line + 1, column: location.start.column },
      end: { line: location.end.line + 1, column: location.end.column },
    };
    const list = nodes.get(fileName) ?? [];
    list.push(loc);
    nodes.set(fileName, list);
  }
  const sampledKeys = new Map([...nodes].map(([f, locs]) => [f, new Set(locs.map(key))]));
  return {
    shouldIgnore(nodePath) {
      const loc = nodePath.node.loc;
      const fileName = nodePath.hub?.file?.opts?.filename;
      if (!loc || typeof fileName !== "string") return undefined;
      const relative = path.relative(root, path.resolve(root, fileName)).split(path.sep).join("/");
      const sampled = nodes.get(relative);
      if (!sampled || sampledKeys.get(relative).has(key(loc))) return undefined;
      // Ignoring a node ignores everything under it: keep the nodes that hold a sampled one.
      if (sampled.some((inner) => within(loc, inner))) return undefined;
      return sampled.some((outer) => within(outer, loc)) ? "not in the sample" : undefined;
    },
  };
}

function fromEnvironment() {
  const file = process.env.MUTATION_SAMPLE;
  if (!file) throw new Error("the sample ignorer needs MUTATION_SAMPLE (set by npm run mutation)");
  return sampleIgnorer(JSON.parse(readFileSync(file, "utf8")), process.cwd());
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, "sample", lazy())];

// Stryker creates the plugin when a run names it; reading the sample then, not at import.
function lazy() {
  let ignorer;
  return { shouldIgnore: (nodePath) => (ignorer ??= fromEnvironment()).shouldIgnore(nodePath) };
}
