import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { containerName, DOCKER_CONTAINER, dockerContainerOf } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { looksLikeSecretName, urlPasswords } from "../lib/secretNames";
import { stringListSchema } from "../lib/stringList";

/** Values that ship in examples and images' docs: a literal, whatever the program thinks. */
const WELL_KNOWN = new Set([
  "password",
  "passw0rd",
  "postgres",
  "changeme",
  "change-me",
  "changeit",
  "admin",
  "root",
  "secret",
  "example",
  "test",
  "default",
  "letmein",
  "123456",
  "12345678",
]);

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedNames: stringListSchema(
      "Environment variable names that look like credentials but are not (exact names)",
      [],
    ),
    minimumLength: {
      type: "integer",
      minimum: 1,
      default: 16,
      description: "Credentials shorter than this are taken for hand-written literals",
    },
  },
};

/** Why a credential value is a hand-written literal, or undefined when it looks generated. */
function literalProblem(value: string, minimumLength: number): string | undefined {
  if (WELL_KNOWN.has(value.toLowerCase())) {
    return "a well-known default";
  }
  if (value.length < minimumLength) {
    return `a literal of ${value.length} characters (under ${minimumLength})`;
  }
  return undefined;
}

/**
 * Docker has no secret reference: a container's credentials arrive in `envs` either way. The
 * policy SDK hands a pack secrets already unwrapped, so a secret and a literal look the same
 * here; what the pack can refuse is a value no generator would produce: short, or a default.
 */
export const dockerEnvCredentials: ResourceValidationPolicy = {
  name: "docker-env-credentials",
  description:
    "Containers and swarm services get no hand-written credential in their environment: a variable named like a credential (PASSWORD, PASS, PWD, SECRET, TOKEN, KEY) or a URL's password is neither a well-known default nor shorter than minimumLength.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Generate the credential (random.RandomPassword) or take it from secret config " +
    "(`pulumi config set --secret`); or give the container a file (VAR_FILE) mounted from a " +
    "secret. A variable that only looks like a credential can be listed in allowedNames.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const container = dockerContainerOf(args.type, readKnown(args.props).value);
    if (!container) {
      return;
    }
    const config = configWithDefaults<{ allowedNames: string[]; minimumLength: number }>(
      configSchema,
      args.getConfig(),
    );
    const who = `${args.type === DOCKER_CONTAINER ? "container" : "service"} ${containerName(container, args.name)}`;
    const envs = container.envs;
    if (envs !== undefined && !Array.isArray(envs)) {
      reportViolation(`${who} envs is ${JSON.stringify(envs)}, not a list`);
      return;
    }
    (envs ?? []).forEach((entry, i) => {
      if (typeof entry !== "string") {
        reportViolation(`${who} envs[${i}] is ${JSON.stringify(entry)}, not NAME=value`);
        return;
      }
      const eq = entry.indexOf("=");
      const name = eq < 0 ? entry : entry.slice(0, eq);
      const value = eq < 0 ? "" : entry.slice(eq + 1);
      if (value === "" || config.allowedNames.includes(name)) {
        return;
      }
      if (looksLikeSecretName(name)) {
        const problem = literalProblem(value, config.minimumLength);
        if (problem) {
          reportViolation(`${who} sets ${name} to ${problem}`);
          return;
        }
      }
      for (const password of urlPasswords(value)) {
        const problem = literalProblem(password, config.minimumLength);
        if (problem) {
          reportViolation(`${who} sets ${name} to a URL whose password is ${problem}`);
        }
      }
    });
  },
};
