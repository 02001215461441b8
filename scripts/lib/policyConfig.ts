import Ajv from "ajv";

/** Enforcement levels a policy config file may name (as the Pulumi CLI accepts them). */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevelName = (typeof ENFORCEMENT_LEVELS)[number];

export interface PolicyConfigEntry {
  readonly enforcementLevel?: EnforcementLevelName;
  readonly properties?: Record<string, unknown>;
}

/** What the pack says about one policy (from GetAnalyzerInfo). */
export interface PolicySummary {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevelName;
  readonly configSchema?: {
    readonly properties: Record<string, Record<string, unknown>>;
    readonly required: string[];
  };
}

export class PolicyConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid policy pack config ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PolicyConfigError";
  }
}

function enforcementLevel(
  policy: string,
  value: unknown,
  problems: string[],
): EnforcementLevelName | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value)) {
    return value as EnforcementLevelName;
  }
  problems.push(
    `${policy}: enforcement level ${JSON.stringify(value)} is invalid; expected one of ${ENFORCEMENT_LEVELS.join(", ")}`,
  );
  return undefined;
}

/**
 * Parses the JSON format of `pulumi preview --policy-pack-config`: policy name -> an
 * enforcement level string, or an object of properties with an optional `enforcementLevel`.
 * The key `all` sets the level of every policy.
 */
export function parsePolicyConfigFile(
  text: string,
  source: string,
): Record<string, PolicyConfigEntry> {
  if (text.trim() === "") {
    return {};
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new PolicyConfigError(source, [`not valid JSON: ${(err as Error).message}`]);
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new PolicyConfigError(source, ["expected a JSON object of policy names"]);
  }
  const problems: string[] = [];
  const entries: Record<string, PolicyConfigEntry> = {};
  for (const [policy, value] of Object.entries(document)) {
    if (typeof value === "string") {
      entries[policy] = { enforcementLevel: enforcementLevel(policy, value, problems) };
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel: level, ...properties } = value as Record<string, unknown>;
      entries[policy] = {
        enforcementLevel: enforcementLevel(policy, level, problems),
        properties: Object.keys(properties).length > 0 ? properties : undefined,
      };
    } else {
      problems.push(
        `${policy}: ${JSON.stringify(value)} is invalid; expected a string or an object`,
      );
    }
  }
  if (problems.length > 0) {
    throw new PolicyConfigError(source, problems);
  }
  return entries;
}

/**
 * What the engine sends in Configure: every policy's schema defaults, then `all`, then the
 * policy's own entry; validated against each policy's config schema.
 */
export function reconcilePolicyConfig(
  policies: readonly PolicySummary[],
  given: Record<string, PolicyConfigEntry>,
  source: string,
): Record<string, Required<PolicyConfigEntry>> {
  const problems: string[] = [];
  const known = new Set(policies.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (name !== "all" && !known.has(name)) {
      problems.push(`${name}: no such policy in the pack; policies are ${[...known].join(", ")}`);
    }
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  const result: Record<string, Required<PolicyConfigEntry>> = {};
  for (const policy of policies) {
    const defaults = Object.fromEntries(
      Object.entries(policy.configSchema?.properties ?? {})
        .filter(([, schema]) => "default" in schema)
        .map(([key, schema]) => [key, schema.default]),
    );
    const entry = given[policy.name] ?? {};
    const properties = { ...defaults, ...(entry.properties ?? {}) };
    const level = entry.enforcementLevel ?? given.all?.enforcementLevel ?? policy.enforcementLevel;
    if (policy.configSchema) {
      const validate = ajv.compile({
        type: "object",
        properties: policy.configSchema.properties,
        required: policy.configSchema.required,
      });
      if (!validate(properties)) {
        for (const error of validate.errors ?? []) {
          problems.push(`${policy.name}: ${error.instancePath || "config"} ${error.message}`);
        }
      }
    } else if (entry.properties) {
      problems.push(
        `${policy.name}: takes no configuration, got ${JSON.stringify(entry.properties)}`,
      );
    }
    result[policy.name] = { enforcementLevel: level, properties };
  }
  if (problems.length > 0) {
    throw new PolicyConfigError(source, problems);
  }
  return result;
}
