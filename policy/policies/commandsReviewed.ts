import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

const COMMANDS = ["command:local:Command", "command:remote:Command"];

/**
 * What a shell command deploys is invisible to every other policy. Commands that start
 * containers or apply manifests are named, so that a reviewer reads them.
 */
const DEPLOYING: readonly [RegExp, string][] = [
  [/\bdocker\s+(container\s+)?(run|create)\b/, "docker run"],
  [/\bdocker[\s-]+compose\b[^\n;|&]*\bup\b/, "docker compose up"],
  [/\bdocker\s+service\s+create\b/, "docker service create"],
  [/\bkubectl\b[^\n;|&]*\b(apply|create|replace|patch|run)\b/, "kubectl apply/create"],
  [/\bhelm\b[^\n;|&]*\b(install|upgrade)\b/, "helm install"],
];

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedCommands: stringListSchema(
      "Command resources (Pulumi names) whose scripts were reviewed and may deploy",
      [],
    ),
  },
};

export const commandsReviewed: ResourceValidationPolicy = {
  name: "commands-reviewed",
  description:
    "command.local and command.remote Commands that run docker run/create, docker compose up, docker service create, kubectl apply/create/replace/patch/run or helm install/upgrade are allowlisted: what they deploy no policy can see.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Declare the container, manifest or chart as a resource so the pack checks it; or review " +
    "the script and add the Command's name to this policy's allowedCommands config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (!COMMANDS.includes(args.type)) {
      return;
    }
    const { allowedCommands } = configWithDefaults<{ allowedCommands: string[] }>(
      configSchema,
      args.getConfig(),
    );
    if (allowedCommands.includes(args.name)) {
      return;
    }
    const props = readKnown<Record<string, unknown>>(args.props).value;
    for (const phase of ["create", "update", "delete"]) {
      const script = props[phase];
      if (typeof script !== "string") {
        continue;
      }
      // A backslash-newline is removed, as the shell does: a command continues across lines.
      const text = script.replace(/\\\r?\n/g, "");
      const hits = DEPLOYING.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
      if (hits.length > 0) {
        reportViolation(
          `command ${args.name} ${phase} runs ${hits.join(", ")}, which no policy checks`,
        );
      }
    }
  },
};
