import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { redact, redactText, reveal, secretStrings } from "./propertyValues";
import { RenderedFile, renderedFiles } from "./renderedFiles";
import { applyProjectConfig } from "./projectConfig";
import { readStackConfigFile, StackConfig, withOverrides } from "./stackConfigFile";
import { synthesize, SynthResult } from "./synthesize";

export interface SynthStackOptions {
  readonly projectDir: string;
  readonly stack: string;
  /** `key=value` config overrides. */
  readonly overrides?: readonly string[];
  /** Runs the program; default: require the project's index.ts, as the language host does. */
  readonly program?: () => object | Promise<object>;
}

export function projectDocument(projectDir: string): Record<string, unknown> {
  const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
    name?: string;
  };
  if (!project?.name) {
    throw new Error(`${projectDir}/Pulumi.yaml has no project name`);
  }
  return project;
}

export function projectName(projectDir: string): string {
  return String(projectDocument(projectDir).name);
}

/**
 * A stack's config as the engine hands it to the program: `Pulumi.<stack>.yaml`, the overrides,
 * then Pulumi.yaml's values and defaults (and its checks).
 */
export function stackConfig(
  projectDir: string,
  stack: string,
  overrides: readonly string[] = [],
): StackConfig {
  const document = projectDocument(projectDir);
  const config = withOverrides(
    readStackConfigFile(projectDir, stack),
    overrides,
    String(document.name),
  );
  return applyProjectConfig(document, stack, config);
}

/** Synthesizes a stack of the project from its `Pulumi.<stack>.yaml` plus overrides. */
export async function synthStack(options: SynthStackOptions): Promise<SynthResult> {
  const project = projectName(options.projectDir);
  const config = stackConfig(options.projectDir, options.stack, options.overrides);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = options.program ?? (() => require(path.join(options.projectDir, "index.ts")));
  return synthesize({ project, stack: options.stack, config, program });
}

/** resources.json as DESIGN.md describes it; secrets redacted unless `showSecrets`. */
export function resourcesDocument(result: SynthResult, showSecrets: boolean): object {
  const show = showSecrets ? reveal : redact;
  return {
    project: result.project,
    stack: result.stack,
    resources: result.resources.map((resource) => ({ ...resource, inputs: show(resource.inputs) })),
    outputs: show(result.outputs),
  };
}

/** Rendered files with every known secret value replaced, unless `showSecrets`. */
export function publishableFiles(result: SynthResult, showSecrets: boolean): RenderedFile[] {
  const files = renderedFiles(result.resources);
  if (showSecrets) {
    return files;
  }
  const secrets = secretStrings([result.outputs, ...result.resources.map((r) => r.inputs)]);
  // A rendered file is often a secret as a whole; show it, with the secrets inside it hidden.
  files.forEach((file) => secrets.delete(file.content));
  return files.map((file) => ({ ...file, content: redactText(file.content, secrets) }));
}

/** Writes `<outDir>/<stack>/resources.json` and `<outDir>/<stack>/files/...`. */
export function writeSynthOutput(
  result: SynthResult,
  outDir: string,
  showSecrets: boolean,
): string {
  const stackDir = path.join(outDir, result.stack);
  fs.rmSync(stackDir, { recursive: true, force: true });
  fs.mkdirSync(stackDir, { recursive: true });
  fs.writeFileSync(
    path.join(stackDir, "resources.json"),
    JSON.stringify(resourcesDocument(result, showSecrets), null, 2) + "\n",
  );
  for (const file of publishableFiles(result, showSecrets)) {
    const target = path.join(stackDir, "files", file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
  return stackDir;
}
