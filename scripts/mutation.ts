/**
 * `npm run mutation -- [target...]`: StrykerJS on each target of stryker.config.mjs in turn
 * (default: the four folders), then how long each took. Not part of .ci/run: see
 * docs/mutation-testing.md for run times and the last scores.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const FOLDERS = ["policy", "scripts-lib", "stacks", "components"];
const root = path.resolve(__dirname, "..");
const targets = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith("-"));
const timings: string[] = [];
let failed = false;

for (const target of targets.length > 0 ? targets : FOLDERS) {
  const started = Date.now();
  const run = spawnSync(
    path.join(root, "node_modules", ".bin", "stryker"),
    ["run", "stryker.config.mjs", ...passThrough],
    { cwd: root, stdio: "inherit", env: { ...process.env, MUTATION_TARGET: target } },
  );
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  timings.push(`${target}: ${minutes} min, exit ${run.status}`);
  failed ||= run.status !== 0;
}
console.log(`\nmutation testing run times\n${timings.map((t) => `  ${t}`).join("\n")}`);
console.log("reports: reports/mutation/<target>/index.html");
process.exit(failed ? 1 : 0);
