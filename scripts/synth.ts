import * as path from "path";
import { parseArguments, single } from "./lib/cliArguments";
import { synthStack, writeSynthOutput } from "./lib/synthStack";

const USAGE =
  "usage: npm run synth -- --stack <name> [--out DIR] [--config key=value ...] [--show-secrets]";
const HELP = `${USAGE}

Runs the program under Pulumi's mock runtime with Pulumi.<name>.yaml (no cloud, no Pulumi CLI)
and writes DIR/<name>/resources.json, every resource as the engine would receive it, plus the
files the program renders under DIR/<name>/files/.

  --stack <name>       the stack to synthesize: archon-prod or sector7
  --out DIR            where to write (default: out)
  --config key=value   override a config value, as \`pulumi config set\` would; repeatable
  --show-secrets       write secrets in plain text instead of "[secret]"
  --help               show this help`;

async function main(): Promise<void> {
  const args = parseArguments(
    process.argv.slice(2),
    ["--stack", "--out", "--config"],
    ["--show-secrets", "--help"],
  );
  if (args.flags.has("--help")) {
    console.log(HELP);
    return;
  }
  const stack = single(args, "--stack");
  if (!stack) {
    throw new Error(`--stack is required\n${USAGE}`);
  }
  const projectDir = path.resolve(__dirname, "..");
  const showSecrets = args.flags.has("--show-secrets");
  const started = Date.now();
  const result = await synthStack({ projectDir, stack, overrides: args.values.get("--config") });
  const dir = writeSynthOutput(result, path.resolve(single(args, "--out") ?? "out"), showSecrets);
  console.log(
    `synthesized ${result.resources.length} resources of stack ${stack} into ${path.relative(process.cwd(), dir) || "."} ` +
      `in ${Date.now() - started} ms${showSecrets ? " (secrets shown)" : ""}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
