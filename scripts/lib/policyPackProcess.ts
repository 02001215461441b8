import { ChildProcess, spawn } from "child_process";
import * as path from "path";

/** A policy pack served over gRPC by its own Node.js process, as the Pulumi engine starts it. */
export interface ServedPolicyPack {
  readonly address: string;
  /** Everything the pack process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

// Starting a pack type-checks it with ts-node: seconds alone, minutes on a loaded 2-core machine.
const START_TIMEOUT_MS = 180_000;

/**
 * Loads run-policy-pack (argv[1], as `node <runner>` would have it) after arranging that the
 * pack exits when its stdin closes: when the process that started it ends, however it ends
 * (Ctrl-C, a killed test worker), the pack does not outlive it.
 */
const EXIT_WITH_PARENT =
  'process.stdin.on("end", () => process.exit(0)); process.stdin.resume(); require(process.argv[1]);';

/**
 * Starts `run-policy-pack <engine> <packDir>` from the pack's own @pulumi/pulumi, in the pack
 * directory, and waits for the port the pack prints on stdout.
 */
export function startPolicyPack(
  packDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServedPolicyPack> {
  const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  // The engine passes its own address first; the pack never calls back during analysis.
  const child: ChildProcess = spawn(
    process.execPath,
    ["-e", EXIT_WITH_PARENT, path.dirname(runner), "127.0.0.1:0", "."],
    { cwd: packDir, env, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(
          `policy pack in ${packDir} did not start within ${START_TIMEOUT_MS} ms\n${stderr}`,
        ),
      );
    }, START_TIMEOUT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /^(\d+)\s*$/m.exec(stdout);
      if (port) {
        clearTimeout(timer);
        resolve({ address: `127.0.0.1:${port[1]}`, stderr: () => stderr, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(`policy pack in ${packDir} exited with code ${code} before serving\n${stderr}`),
      );
    });
  });
}
