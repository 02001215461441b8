import { spawn, spawnSync } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "./synthFixture";

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly millis: number;
}

/** Runs one of the project's TypeScript scripts the way `npm run` does (tsx), from `cwd`. */
export function runScript(script: string, args: readonly string[], cwd = PROJECT_DIR): ScriptRun {
  const tsx = path.join(PROJECT_DIR, "node_modules", ".bin", "tsx");
  const started = Date.now();
  const run = spawnSync(tsx, [path.join(PROJECT_DIR, "scripts", script), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    millis: Date.now() - started,
  };
}

/** As runScript, without blocking, so that independent runs overlap. */
export function runScriptAsync(
  script: string,
  args: readonly string[],
  cwd = PROJECT_DIR,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScriptRun> {
  const tsx = path.join(PROJECT_DIR, "node_modules", ".bin", "tsx");
  return spawnAsync(tsx, [path.join(PROJECT_DIR, "scripts", script), ...args], cwd, env);
}

/** Runs a command without blocking the worker, collecting its output. */
export function spawnAsync(
  command: string,
  args: readonly string[],
  cwd = PROJECT_DIR,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScriptRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({ status, stdout, stderr, millis: Date.now() - started }),
    );
  });
}
