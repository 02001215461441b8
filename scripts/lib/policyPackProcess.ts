import { ChildProcess, spawn } from "child_process";
import * as path from "path";

/** A policy pack served over gRPC by its own Node.js process, as the Pulumi engine starts it. */
export interface ServedPolicyPack {
  readonly address: string;
  /** Everything the pack process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

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
  const child: ChildProcess = spawn(process.execPath, [path.dirname(runner), "127.0.0.1:0", "."], {
    cwd: packDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
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
