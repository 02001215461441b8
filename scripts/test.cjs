// `npm test`: `npm run typecheck` (the program with its tests, and the policy pack) runs beside
// the vitest suite, on the core its worker leaves idle. Vitest's output streams; the type
// check's follows it. Fails when either fails. Arguments go to vitest (`npm test -- test/x`).
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
  const typeCheck = run("npm", ["run", "--silent", "typecheck"], { stream: false });
  const vitest = path.join(__dirname, "..", "node_modules", ".bin", "vitest");
  const suite = await run(vitest, ["run", ...process.argv.slice(2)], { stream: true });
  const checked = await typeCheck;
  process.stdout.write(
    checked.ok
      ? "type check passed (npm run typecheck)\n"
      : `type check FAILED (npm run typecheck)\n${checked.output}`,
  );
  process.exit(suite.ok && checked.ok ? 0 : 1);
}

main();
