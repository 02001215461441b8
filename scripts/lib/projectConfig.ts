/**
 * The engine's rules for Pulumi.yaml `config:` and how it merges that block into a stack's
 * config, re-stated from pulumi/pulumi v3.259.0 (docs/contracts/pulumi-project.md has the lines):
 * sdk/go/common/workspace/project.go (Project.Validate, RewriteShorthandConfigValues,
 * ValidateConfigValue), project.json (configTypeDeclaration) and pkg/workspace/config.go
 * (mergeConfig, validateStackConfigValue). The offline synth applies them so that it refuses and
 * fills in what `pulumi preview` would.
 */
import { StackConfig } from "./stackConfigFile";

const TYPES = ["string", "integer", "boolean", "array", "object"];
/** configTypeDeclaration's properties; the schema allows no others (additionalProperties: false). */
const DECLARATION_FIELDS = ["type", "items", "description", "secret", "default", "value"];

type Entry = Record<string, unknown>;

/** A key without a namespace, or in the project's, is "namespaced by the project". */
export function isProjectKey(project: string, key: string): boolean {
  return !key.includes(":") || key.startsWith(`${project}:`);
}

function isPrimitive(value: unknown): boolean {
  return typeof value === "string" || typeof value === "boolean" || Number.isInteger(value);
}

/** Shorthand `key: value` becomes `default` for project keys, `value` for the others. */
function normalized(project: string, key: string, raw: unknown): Entry {
  if (isPrimitive(raw) || Array.isArray(raw)) {
    return isProjectKey(project, key) ? { default: raw } : { value: raw };
  }
  return (raw ?? {}) as Entry;
}

function typeName(type: string, items: Entry | undefined): string {
  return items ? `array<${typeName(String(items.type), items.items as Entry)}>` : type;
}

/** ValidateConfigValue: strings, integers (also as digit strings), booleans, maps, typed arrays. */
export function matchesConfigType(type: string, items: Entry | undefined, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
  }
  if (!Array.isArray(value) || !items) {
    return false;
  }
  return value.every((v) => matchesConfigType(String(items.type), items.items as Entry, v));
}

/** Every error `pulumi` would give loading this Pulumi.yaml's `config:` block. */
export function projectConfigErrors(document: Record<string, unknown>): string[] {
  const project = String(document.name ?? "");
  const errors: string[] = [];
  if (!project) {
    errors.push("project is missing a 'name' attribute");
  }
  const config = document.config;
  if (config === undefined || config === null || typeof config === "string") {
    return errors;
  }
  for (const [key, raw] of Object.entries(config as Record<string, unknown>)) {
    const entry = normalized(project, key, raw);
    const unknownFields = Object.keys(entry).filter((f) => !DECLARATION_FIELDS.includes(f));
    if (unknownFields.length > 0) {
      errors.push(`config ${key}: '${unknownFields[0]}' not allowed (project.json)`);
    }
    if (entry.type !== undefined && !TYPES.includes(String(entry.type))) {
      errors.push(`config ${key}: type must be one of ${TYPES.join(", ")}`);
    }
    if (entry.default !== undefined && entry.value !== undefined) {
      errors.push(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
    }
    if (isProjectKey(project, key)) {
      if (entry.type === "array" && entry.items === undefined) {
        errors.push(
          `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
        );
      }
      if (
        entry.type !== undefined &&
        entry.default !== undefined &&
        !matchesConfigType(String(entry.type), entry.items as Entry, entry.default)
      ) {
        errors.push(
          `The default value specified for configuration key '${key}' is not of the expected type '${typeName(String(entry.type), entry.items as Entry)}'`,
        );
      }
    } else if (entry.type !== undefined) {
      errors.push(
        `Configuration key '${key}' is not namespaced by the project and should not define a type`,
      );
    } else if (entry.default !== undefined) {
      errors.push(
        `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
      );
    } else if (entry.value === undefined) {
      errors.push(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
    }
  }
  return errors;
}

/** The engine hands a non-primitive config value to the program as JSON. */
function configString(value: unknown): string {
  return isPrimitive(value) ? String(value) : JSON.stringify(value);
}

/** Structured stack values reach validation parsed (Value.Object()); scalars as their text. */
function stackValue(raw: string): unknown {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed !== null && typeof parsed === "object" ? parsed : raw;
  } catch {
    return raw;
  }
}

/**
 * mergeConfig: fills in the project's values and defaults for keys the stack does not set,
 * refuses a stack that lacks a project key without a default, and checks stack values against
 * the project's typed keys (secret ones must be secret). Throws the engine's messages.
 */
export function applyProjectConfig(
  document: Record<string, unknown>,
  stack: string,
  config: StackConfig,
): StackConfig {
  const project = String(document.name);
  const errors = projectConfigErrors(document);
  if (errors.length > 0) {
    throw new Error(`Pulumi.yaml is invalid:\n  - ${errors.join("\n  - ")}`);
  }
  const values = { ...config.values };
  const missing: string[] = [];
  const entries = Object.entries((document.config ?? {}) as Record<string, unknown>).sort(
    ([a], [b]) => a.localeCompare(b),
  );
  for (const [rawKey, raw] of entries) {
    const entry = normalized(project, rawKey, raw);
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    if (key in values) {
      continue;
    }
    const given = entry.default ?? entry.value;
    if (given !== undefined) {
      values[key] = configString(given);
    } else if (key.startsWith(`${project}:`)) {
      missing.push(key);
    }
  }
  if (missing.length > 0) {
    const described = missing.map((key) => {
      const entry = normalized(project, key, (document.config as Entry)[key]);
      return entry.description ? `\n  ${key}: ${String(entry.description).trim()}` : "";
    });
    throw new Error(
      `Stack '${stack}' is missing configuration ${missing.length > 1 ? "values" : "value"} ` +
        `${missing.map((k) => `'${k}'`).join(", ")}${described.join("")}`,
    );
  }
  for (const [rawKey, raw] of entries) {
    const entry = normalized(project, rawKey, raw);
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    if (entry.type === undefined || !(key in config.values)) {
      continue;
    }
    if (entry.secret === true && !config.secretKeys.includes(key)) {
      throw new Error(
        `Stack '${stack}' with configuration key '${rawKey}' must be encrypted as it's secret`,
      );
    }
    if (!matchesConfigType(String(entry.type), entry.items as Entry, stackValue(values[key]))) {
      throw new Error(
        `Stack '${stack}' with configuration key '${rawKey}' must be of type '${typeName(String(entry.type), entry.items as Entry)}'`,
      );
    }
  }
  return { values, secretKeys: config.secretKeys };
}
