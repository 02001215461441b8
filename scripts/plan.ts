import * as fs from "fs";
import * as path from "path";
import { analyzeSynthResult, AnalyzerSession } from "./lib/analyzerSession";
import { parseArguments, single } from "./lib/cliArguments";
import { parsePolicyConfigFile, reconcilePolicyConfig } from "./lib/policyConfig";
import { startPolicyPack } from "./lib/policyPackProcess";
import { countByLevel, renderSummary, renderViolations } from "./lib/planReport";
import { synthStack } from "./lib/synthStack";

const USAGE =
  "usage: npm run plan -- --stack <name> [--policy-config FILE] [--config key=value ...] [--project DIR] [--policy-pack DIR]";
const REPO = path.resolve(__dirname, "..");

/**
 * The offline plan: synthesize the stack under mocks, serve the real policy pack in its own
 * process and drive it over the Analyzer gRPC service as the engine does during a preview.
 * Exit 1 on any mandatory violation, 2 when the plan itself cannot run.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const args = parseArguments(
    process.argv.slice(2),
    ["--stack", "--policy-config", "--config", "--project", "--policy-pack"],
    [],
  );
  const stack = single(args, "--stack");
  if (!stack) {
    throw new Error(`--stack is required\n${USAGE}`);
  }
  const configFile = single(args, "--policy-config");
  const given = configFile
    ? parsePolicyConfigFile(fs.readFileSync(path.resolve(configFile), "utf8"), configFile)
    : {};

  const projectDir = path.resolve(single(args, "--project") ?? REPO);
  const result = await synthStack({ projectDir, stack, overrides: args.values.get("--config") });

  const pack = await startPolicyPack(
    path.resolve(single(args, "--policy-pack") ?? path.join(REPO, "policy")),
  );
  const session = new AnalyzerSession(pack.address);
  try {
    const analysis = await analyzeSynthResult(session, result, (policies) =>
      reconcilePolicyConfig(policies, given, configFile ?? "(defaults)"),
    );
    console.log(renderViolations(analysis.diagnostics));
    console.log(
      renderSummary(
        stack,
        analysis.pack,
        result.resources.length,
        analysis.diagnostics,
        Date.now() - started,
      ),
    );
    return countByLevel(analysis.diagnostics).mandatory > 0 ? 1 : 0;
  } finally {
    session.close();
    await pack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
