import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CommandOutput } from "../../scripts/lib/command";
import { planCommand } from "../../scripts/lib/planCommand";
import { ServedPolicyPack, startPolicyPack } from "../../scripts/lib/policyPackProcess";
import { synthCommand } from "../../scripts/lib/synthCommand";
import { runStack } from "../../stacks/selectStack";
import { ScriptRun } from "./runScript";
import { PROJECT_DIR } from "./synthFixture";

/**
 * The CLIs run in the test's own process: the same command functions the scripts call, with
 * what they print captured. Spawning `tsx` per run re-imports the program and restarts the pack
 * (seconds each); test/scripts/cliHelp.test.ts and one real run per CLI keep the spawned path.
 */
async function captured(run: (output: CommandOutput) => Promise<number>): Promise<ScriptRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const started = Date.now();
  const status = await run({
    log: (text) => stdout.push(`${text}\n`),
    error: (text) => stderr.push(`${text}\n`),
  });
  return { status, stdout: stdout.join(""), stderr: stderr.join(""), millis: Date.now() - started };
}

let evaluations = 0;

/**
 * A project's program, evaluated afresh per synth as a new language host would: this project's
 * stacks through runStack, another project's index.ts imported under a new module id each time.
 */
function programOf(projectDir: string): () => object | Promise<object> {
  if (path.resolve(projectDir) === PROJECT_DIR) {
    return () => runStack(pulumi.getStack());
  }
  const entry = path.join(projectDir, "index.ts");
  return () => import(`${entry}?evaluation=${++evaluations}`) as Promise<object>;
}

const packs = new Map<string, Promise<ServedPolicyPack>>();

/**
 * One served pack per pack directory and program directory for the whole worker: starting one
 * type-checks the pack with ts-node, as the engine does, and takes seconds. It exits with the
 * worker (startPolicyPack ties it to its parent). The pack keeps no
 * state between analyses that matters: every plan configures it afresh (Configure and
 * ConfigureStack) before it analyzes.
 */
function sharedPolicyPack(
  packDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServedPolicyPack> {
  const key = JSON.stringify([packDir, env.POLICY_PROGRAM_DIR]);
  let pack = packs.get(key);
  if (!pack) {
    pack = startPolicyPack(packDir, env);
    packs.set(key, pack);
    pack.then(
      (served) => process.once("exit", () => void served.stop()),
      () => undefined,
    );
  }
  return pack.then((served) => ({ ...served, stop: async () => undefined }));
}

/**
 * The shared pack a plan of `projectDir` uses (the pack reads the program's files from there).
 * Not awaited, it starts the pack ahead of the plan: a start is seconds of one core's work that
 * can overlap with the test that runs meanwhile.
 */
export function planPolicyPack(projectDir: string = PROJECT_DIR): Promise<ServedPolicyPack> {
  return sharedPolicyPack(path.join(PROJECT_DIR, "policy"), {
    ...process.env,
    POLICY_PROGRAM_DIR: path.resolve(projectDir),
  });
}

/** `npm run plan -- args`, in-process, with the worker's shared pack. */
export function runPlan(args: readonly string[]): Promise<ScriptRun> {
  return captured((output) =>
    planCommand(args, output, { programFor: programOf, startPack: sharedPolicyPack }),
  );
}

/** `npm run synth -- args`, in-process. */
export function runSynth(args: readonly string[]): Promise<ScriptRun> {
  return captured((output) => synthCommand(args, output, { program: programOf(PROJECT_DIR) }));
}
