import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { reveal } from "../../scripts/lib/propertyValues";
import { projectName, stackConfig, synthStack } from "../../scripts/lib/synthStack";
import { RecordedResource, synthesize, SynthResult } from "../../scripts/lib/synthesize";
import { runStack } from "../../stacks/selectStack";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

const synthesized = new Map<string, Promise<SynthResult>>();

/**
 * Synthesizes a real stack of this project (its Pulumi.<stack>.yaml plus overrides). The result
 * is shared by every test of the worker that asks for the same stack and overrides: treat it as
 * read-only. A test of determinism compares against {@link synthProjectStackAgain}.
 */
export function synthProjectStack(
  stack: string,
  overrides: readonly string[] = [],
): Promise<SynthResult> {
  const key = JSON.stringify([stack, overrides]);
  let result = synthesized.get(key);
  if (!result) {
    result = synthProjectStackAgain(stack, overrides);
    synthesized.set(key, result);
  }
  return result;
}

/** A fresh run of the program, never shared. */
export function synthProjectStackAgain(
  stack: string,
  overrides: readonly string[] = [],
): Promise<SynthResult> {
  return synthStack({ projectDir: PROJECT_DIR, stack, overrides, program: () => runStack(stack) });
}

/** As synthProjectStack, with extra config given as secure (`pulumi config set --secret`). */
export function synthWithSecretConfig(
  stack: string,
  secrets: Readonly<Record<string, string>>,
  overrides: readonly string[] = [],
): Promise<SynthResult> {
  const project = projectName(PROJECT_DIR);
  const base = stackConfig(PROJECT_DIR, stack, overrides);
  const config = {
    values: { ...base.values, ...secrets },
    secretKeys: [...base.secretKeys, ...Object.keys(secrets)],
  };
  return synthesize({ project, stack, config, program: () => runStack(stack) });
}

interface MonitorWithResources {
  readonly resources: Map<string, unknown>;
}

/**
 * Synthesizes with config that must be refused: returns the error and how many resources the
 * mock engine had registered by the time the program settled.
 */
export async function synthRejection(
  stack: string,
  overrides: readonly string[],
  secrets: Readonly<Record<string, string>> = {},
): Promise<{ error: Error; registered: number }> {
  // A refusal before the program runs (the engine's own config checks) installs no monitor: the
  // one left by an earlier synth of this worker registered nothing of this run.
  const before = pulumi.runtime.getMonitor();
  try {
    await synthWithSecretConfig(stack, secrets, overrides);
  } catch (error) {
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorWithResources;
    const registered = (monitor as unknown) === before ? 0 : monitor.resources.size;
    return { error: error as Error, registered };
  }
  throw new Error(`stack ${stack} accepted ${JSON.stringify({ overrides, secrets })}`);
}

/** The one recorded resource with this logical name (and type, when given). */
export function resourceNamed(result: SynthResult, name: string, type?: string): RecordedResource {
  const found = result.resources.filter((r) => r.name === name && (!type || r.type === type));
  if (found.length !== 1) {
    throw new Error(
      `expected one resource named ${name}, found ${found.length}: ` +
        result.resources.map((r) => r.name).join(", "),
    );
  }
  return found[0];
}

export function resourcesOfType(result: SynthResult, type: string): RecordedResource[] {
  return result.resources.filter((r) => r.type === type);
}

/** A resource's inputs with secrets unwrapped, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function plainInputs(resource: RecordedResource): any {
  return reveal(resource.inputs);
}

/** Parses Docker's `KEY=value` env list into a map (plaintext). */
export function envMap(resource: RecordedResource): Record<string, string> {
  const envs = (plainInputs(resource).envs ?? []) as string[];
  return Object.fromEntries(
    envs.map((pair) => {
      const eq = pair.indexOf("=");
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}
