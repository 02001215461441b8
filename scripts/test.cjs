// `npm test`: the type checks (the program with its tests, and the policy pack) run beside the
// vitest suite, on the cores its workers leave idle. Vitest's output streams; each type check
// reports after it. Fails when any of them fails. Arguments go to vitest (`npm test -- test/x`).
const { spawn } = require("child_process");
const path = require("path");

const BIN = path.join(__dirname, "..", "node_modules", ".bin");

/** Runs a tool from node_modules/.bin; its output streams, or is kept for the report. */
function run(tool, args, { stream }) {
  return new Promise((resolve) => {
    const child = spawn(path.join(BIN, tool), args, {
      stdio: ["ignore", stream ? "inherit" : "pipe", stream ? "inherit" : "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("close", (status) =>
      resolve({ name: `${tool} ${args.join(" ")}`, ok: status === 0, output }),
    );
  });
}

async function main() {
  const typeChecks = Promise.all([
    run("tsc", ["--noEmit", "-p", "."], { stream: false }),
    run("tsc", ["--noEmit", "-p", "policy"], { stream: false }),
  ]);
  const suite = await run("vitest", ["run", ...process.argv.slice(2)], { stream: true });
  const checks = await typeChecks;
  for (const check of checks) {
    process.stdout.write(
      check.ok
        ? `type check passed: ${check.name}\n`
        : `type check FAILED: ${check.name}\n${check.output}`,
    );
  }
  process.exit([suite, ...checks].every((result) => result.ok) ? 0 : 1);
}

main();
