import * as fs from "fs";
import * as path from "path";
import { analyzeSynthResult, AnalyzerSession, PolicyDiagnostic } from "./analyzerSession";
import { blindSpots, partlySeen, plainCredentialOutputs } from "./blindSpots";
import { parseArguments, single } from "./cliArguments";
import { parsePolicyConfigFile, reconcilePolicyConfig } from "./policyConfig";
import { ServedPolicyPack, startPolicyPack } from "./policyPackProcess";
import { compareSynths, renderComparison } from "./compareStacks";
import { countByLevel, renderBlindSpots, renderSummary, renderViolations } from "./planReport";
import { renderResourceTree } from "./resourceTree";
import { graphFormatOf, renderGraphFor } from "./graphRender";
import { buildStackGraph } from "./stackGraph";
import { synthStack } from "./synthStack";
import { CommandOutput, statusOf } from "./command";
import { PLAN_HELP, PLAN_USAGE } from "./commandHelp";

const REPO = path.resolve(__dirname, "..", "..");

/** Runs the project's program afresh on every call, as a new language host would. */
function freshProgram(projectDir: string): () => object {
  const entry = path.join(projectDir, "index.ts");
  return () => {
    delete require.cache[require.resolve(entry)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(entry) as object;
  };
}

export interface PlanOptions {
  /** The program of a project directory; default: its index.ts, required afresh per synth. */
  readonly programFor?: (projectDir: string) => () => object | Promise<object>;
  /** Serves the policy pack; default: its own process, as the engine starts it. */
  readonly startPack?: (packDir: string, env: NodeJS.ProcessEnv) => Promise<ServedPolicyPack>;
}

/**
 * The offline plan: synthesize the stack under mocks, serve the real policy pack in its own
 * process and drive it over the Analyzer gRPC service as the engine does during a preview.
 * Returns 1 on any mandatory violation (or, with --strict, on any resource the pack could not
 * see), 2 when the plan itself cannot run.
 */
export async function planCommand(
  argv: readonly string[],
  output: CommandOutput,
  options: PlanOptions = {},
): Promise<number> {
  return statusOf(output, 2, () => plan(argv, output, options));
}

async function plan(
  argv: readonly string[],
  output: CommandOutput,
  options: PlanOptions,
): Promise<number> {
  const started = Date.now();
  const args = parseArguments(
    argv,
    ["--stack", "--policy-config", "--config", "--project", "--policy-pack", "--graph"],
    ["--strict", "--compare", "--help"],
  );
  if (args.flags.has("--help")) {
    output.log(PLAN_HELP);
    return 0;
  }
  const stack = single(args, "--stack");
  if (!stack) {
    throw new Error(`--stack is required\n${PLAN_USAGE}`);
  }
  const strict = args.flags.has("--strict");
  const configFile = single(args, "--policy-config");
  const given = configFile
    ? parsePolicyConfigFile(fs.readFileSync(path.resolve(configFile), "utf8"), configFile)
    : {};

  const projectDir = path.resolve(single(args, "--project") ?? REPO);
  const overrides = args.values.get("--config") ?? [];
  const graphFile = single(args, "--graph");
  if (graphFile) {
    graphFormatOf(graphFile);
  }
  const program = (options.programFor ?? freshProgram)(projectDir);
  if (args.flags.has("--compare") && overrides.length === 0) {
    throw new Error(
      "--compare needs at least one --config key=value to compare against the stack file",
    );
  }
  const committed = args.flags.has("--compare")
    ? await synthStack({ projectDir, stack, program })
    : undefined;
  const result = await synthStack({ projectDir, stack, overrides, program });
  output.log(renderResourceTree(result));
  output.log("");
  if (committed) {
    output.log(renderComparison(compareSynths(committed, result), overrides));
    output.log("");
  }
  if (graphFile) {
    const text = renderGraphFor(graphFile, buildStackGraph(result));
    fs.writeFileSync(path.resolve(graphFile), text);
    output.log(`wrote the graph of stack ${stack} to ${graphFile}`);
    output.log("");
  }

  // Relative file paths of the program (assets, uploads) resolve against its directory.
  const pack = await (options.startPack ?? startPolicyPack)(
    path.resolve(single(args, "--policy-pack") ?? path.join(REPO, "policy")),
    { ...process.env, POLICY_PROGRAM_DIR: projectDir },
  );
  const session = new AnalyzerSession(pack.address);
  try {
    const analysis = await analyzeSynthResult(session, result, (policies) =>
      reconcilePolicyConfig(policies, given, configFile ?? "(defaults)"),
    );
    const outputs: PolicyDiagnostic[] = plainCredentialOutputs(result.outputs).map((output) => ({
      policy: "plan:stack-outputs-secret",
      level: "mandatory",
      urn: "",
      message: `stack output ${output} is a credential in plain text: wrap it in pulumi.secret()`,
      phase: "analyzeStack",
    }));
    const diagnostics = [...analysis.diagnostics, ...outputs];
    const unseen = blindSpots(result.resources);
    output.log(renderViolations(diagnostics));
    const report = renderBlindSpots(unseen, partlySeen(result.resources));
    if (report) {
      output.log(report);
    }
    const failed = countByLevel(diagnostics).mandatory > 0 || (strict && unseen.length > 0);
    output.log(
      renderSummary(
        stack,
        analysis.pack,
        result.resources.length,
        diagnostics,
        Date.now() - started,
        { unseen: unseen.length, strict, failed },
      ),
    );
    return failed ? 1 : 0;
  } finally {
    session.close();
    await pack.stop();
  }
}
