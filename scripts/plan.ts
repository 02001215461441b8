import * as fs from "fs";
import * as path from "path";
import { analyzeSynthResult, AnalyzerSession, PolicyDiagnostic } from "./lib/analyzerSession";
import { blindSpots, partlySeen, plainCredentialOutputs } from "./lib/blindSpots";
import { parseArguments, single } from "./lib/cliArguments";
import { parsePolicyConfigFile, reconcilePolicyConfig } from "./lib/policyConfig";
import { startPolicyPack } from "./lib/policyPackProcess";
import { countByLevel, renderBlindSpots, renderSummary, renderViolations } from "./lib/planReport";
import { synthStack } from "./lib/synthStack";

const USAGE =
  "usage: npm run plan -- --stack <name> [--policy-config FILE] [--config key=value ...] [--project DIR] [--policy-pack DIR] [--strict]";
const REPO = path.resolve(__dirname, "..");

/**
 * The offline plan: synthesize the stack under mocks, serve the real policy pack in its own
 * process and drive it over the Analyzer gRPC service as the engine does during a preview.
 * Exit 1 on any mandatory violation (or, with --strict, on any resource the pack could not
 * see), 2 when the plan itself cannot run.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const args = parseArguments(
    process.argv.slice(2),
    ["--stack", "--policy-config", "--config", "--project", "--policy-pack"],
    ["--strict"],
  );
  const stack = single(args, "--stack");
  if (!stack) {
    throw new Error(`--stack is required\n${USAGE}`);
  }
  const strict = args.flags.has("--strict");
  const configFile = single(args, "--policy-config");
  const given = configFile
    ? parsePolicyConfigFile(fs.readFileSync(path.resolve(configFile), "utf8"), configFile)
    : {};

  const projectDir = path.resolve(single(args, "--project") ?? REPO);
  const result = await synthStack({ projectDir, stack, overrides: args.values.get("--config") });

  // Relative file paths of the program (assets, uploads) resolve against its directory.
  const pack = await startPolicyPack(
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
    console.log(renderViolations(diagnostics));
    const report = renderBlindSpots(unseen, partlySeen(result.resources));
    if (report) {
      console.log(report);
    }
    const failed = countByLevel(diagnostics).mandatory > 0 || (strict && unseen.length > 0);
    console.log(
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

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
