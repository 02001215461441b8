// `npm test`: the suite's two tiers (vitest.config.ts: `program`, the Pulumi program under the
// mock runtime, and `tools`, the tests that start processes) in two vitest processes at once,
// one per core, and `npm run typecheck` beside them. Measured on the 2-core machine, idle:
// 159 s against 193 s for one process running both. The program tier's output streams; the
// others follow it. Fails when any fails. Arguments go to one vitest run of both tiers
// (`npm test -- test/x`), as `npx vitest run` would take them.
const { spawn } = require("child_process");
const path = require("path");

/** Runs a command; its output streams, or is kept for the report. */
function run(command, args, { stream }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ["ignore", stream ? "inherit" : "pipe", stream ? "inherit" : "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("close", (status) => resolve({ ok: status === 0, output }));
  });
}

async function main() {
  const started = Date.now();
  const vitest = path.join(__dirname, "..", "node_modules", ".bin", "vitest");
  const args = process.argv.slice(2);
  const typeCheck = run("npm", ["run", "--silent", "typecheck"], { stream: false });
  const runs =
    args.length > 0
      ? [{ name: "vitest", result: run(vitest, ["run", ...args], { stream: true }) }]
      : [
          {
            name: "program tests",
            result: run(vitest, ["run", "--project", "program"], { stream: true }),
          },
          {
            name: "tools tests",
            result: run(vitest, ["run", "--project", "tools"], { stream: false }),
          },
        ];
  const verdicts = [];
  for (const { name, result } of runs) {
    const { ok, output } = await result;
    process.stdout.write(output);
    verdicts.push(`${name} ${ok ? "passed" : "FAILED"}`);
  }
  const checked = await typeCheck;
  if (!checked.ok) process.stdout.write(checked.output);
  verdicts.push(`type check ${checked.ok ? "passed" : "FAILED"} (npm run typecheck)`);
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`\n${verdicts.join(", ")}; ${seconds} s\n`);
  process.exit(checked.ok && verdicts.every((verdict) => !verdict.includes("FAILED")) ? 0 : 1);
}

main();
