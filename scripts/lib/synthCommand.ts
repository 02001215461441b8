import * as path from "path";
import { parseArguments, single } from "./cliArguments";
import { CommandOutput, statusOf } from "./command";
import { SYNTH_HELP, SYNTH_USAGE } from "./commandHelp";
import { synthStack, writeSynthOutput } from "./synthStack";

export interface SynthCommandOptions {
  /** The program of the project; default: its index.ts, as the language host loads it. */
  readonly program?: () => object | Promise<object>;
}

/** `npm run synth`: 0 when the stack is written, 1 when it cannot be. */
export async function synthCommand(
  argv: readonly string[],
  output: CommandOutput,
  options: SynthCommandOptions = {},
): Promise<number> {
  return statusOf(output, 1, async () => {
    await synth(argv, output, options);
    return 0;
  });
}

async function synth(
  argv: readonly string[],
  output: CommandOutput,
  options: SynthCommandOptions,
): Promise<void> {
  const args = parseArguments(argv, ["--stack", "--out", "--config"], ["--show-secrets", "--help"]);
  if (args.flags.has("--help")) {
    output.log(SYNTH_HELP);
    return;
  }
  const stack = single(args, "--stack");
  if (!stack) {
    throw new Error(`--stack is required\n${SYNTH_USAGE}`);
  }
  const projectDir = path.resolve(__dirname, "..", "..");
  const showSecrets = args.flags.has("--show-secrets");
  const started = Date.now();
  const result = await synthStack({
    projectDir,
    stack,
    overrides: args.values.get("--config"),
    program: options.program,
  });
  const dir = writeSynthOutput(result, path.resolve(single(args, "--out") ?? "out"), showSecrets);
  output.log(
    `synthesized ${result.resources.length} resources of stack ${stack} into ${path.relative(process.cwd(), dir) || "."} ` +
      `in ${Date.now() - started} ms${showSecrets ? " (secrets shown)" : ""}`,
  );
}
