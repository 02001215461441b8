import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** Stack configuration as the runtime takes it: full keys to strings, and which are secret. */
export interface StackConfig {
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
}

/**
 * Secure values stay encrypted: synth never needs the passphrase. Each becomes a stable opaque
 * placeholder, marked secret, long enough to pass length checks.
 */
export function securePlaceholder(ciphertext: string): string {
  return `synth-secure-${createHash("sha256").update(ciphertext).digest("hex")}`;
}

function configString(key: string, value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  if (value !== null && typeof value === "object") {
    return JSON.stringify(value);
  }
  throw new Error(`config key ${key}: unsupported value ${JSON.stringify(value)}`);
}

/** Reads `Pulumi.<stack>.yaml` from `projectDir`. */
export function readStackConfigFile(projectDir: string, stack: string): StackConfig {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const stacks = fs
      .readdirSync(projectDir)
      .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
      .filter((name): name is string => name !== undefined);
    throw new Error(
      `no stack file ${file}: is "${stack}" a stack of this project? Its stacks: ` +
        `${stacks.join(", ") || "none"}. A new stack: pulumi stack init ${stack}, then ` +
        "pulumi config set platform:kind archon|sector7 (docs/stack-kinds.md)",
    );
  }
  const document = (parse(fs.readFileSync(file, "utf8")) ?? {}) as {
    config?: Record<string, unknown>;
  };
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(document.config ?? {})) {
    if (value !== null && typeof value === "object" && "secure" in value) {
      values[key] = securePlaceholder(String((value as { secure: unknown }).secure));
      secretKeys.push(key);
    } else {
      values[key] = configString(key, value);
    }
  }
  return { values, secretKeys };
}

type PathSegment = string | number;

/**
 * A key's name as `pulumi config set --path` parses it (ParsePropertyPathStrict in pulumi/pulumi
 * sdk/go/common/resource/properties_path.go): names separated by `.`, `[n]` indexes and
 * `["quoted"]` names.
 */
export function parseConfigPath(name: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = name;
  if (rest.startsWith(".")) {
    throw new Error("expected property path to start with a name or index");
  }
  while (rest.length > 0) {
    if (rest[0] === ".") {
      rest = rest.slice(1);
      if (rest === "" || rest[0] === "[") {
        throw new Error("expected property name after '.'");
      }
    } else if (rest.startsWith('["')) {
      const quoted = /^\["((?:\\"|[^"])*)"\]/.exec(rest);
      if (!quoted) {
        throw new Error("missing closing quote or bracket in property name");
      }
      segments.push(quoted[1].replace(/\\"/g, '"'));
      rest = rest.slice(quoted[0].length);
    } else if (rest[0] === "[") {
      const index = /^\[(\d+)\]/.exec(rest);
      if (!index) {
        throw new Error(`invalid array index in ${JSON.stringify(rest)}`);
      }
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else {
      const end = rest.search(/[.[]/);
      const part = end === -1 ? rest : rest.slice(0, end);
      segments.push(part);
      rest = rest.slice(part.length);
    }
  }
  if (segments.length === 0 || typeof segments[0] !== "string") {
    throw new Error("first path segment of config key must be a string");
  }
  return segments;
}

/** As the CLI stores a `--path` value: true/false and decimal integers become typed. */
function coerced(value: string): unknown {
  if (value === "true" || value === "false") {
    return value === "true";
  }
  if (/^(0|-?[1-9]\d*)$/.test(value) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  return value;
}

function container(segment: PathSegment): unknown {
  return typeof segment === "number" ? new Array(segment + 1).fill(null) : {};
}

/**
 * Sets `path` inside `root` the way config Map.Set does with --path: missing containers are
 * created from the next segment, an array index may append (index = length) but not skip.
 */
function setAtPath(
  root: unknown,
  path: PathSegment[],
  value: unknown,
  shown: string,
  depth = 0,
): unknown {
  if (path.length === 0) {
    return value;
  }
  const [head, ...tail] = path;
  const isObject = root !== null && typeof root === "object";
  // Only the key's own value may be replaced by a container (the CLI's COMPAT rule).
  if (!isObject && root !== null && root !== undefined && depth > 0) {
    throw new Error(`${shown}: expected ${typeof head === "number" ? "a list" : "an object"}`);
  }
  const node = isObject ? root : container(head);
  if (Array.isArray(node)) {
    if (typeof head !== "number") {
      throw new Error(`${shown}: key for an array must be an index such as [0]`);
    }
    if (head > node.length) {
      throw new Error(
        `${shown}: array index ${head} out of range (the list has ${node.length} entries; ` +
          `the next is [${node.length}])`,
      );
    }
    const copy = [...node];
    copy[head] = setAtPath(copy[head], tail, value, shown, depth + 1);
    return copy;
  }
  if (typeof head !== "string") {
    throw new Error(`${shown}: key for an object must be a name`);
  }
  const record = node as Record<string, unknown>;
  return { ...record, [head]: setAtPath(record[head], tail, value, shown, depth + 1) };
}

function parsedValue(raw: string | undefined): unknown {
  if (raw === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * Applies `key=value` overrides as `pulumi config set` would; a key with a path
 * (`edge:uiBackends[0].address`, `services:resources.ollama.limits.memory`) as
 * `pulumi config set --path` would, so the program gets the same structured value. A key
 * without a namespace belongs to the project, as in the CLI.
 */
export function withOverrides(
  base: StackConfig,
  overrides: readonly string[],
  project: string,
): StackConfig {
  const values = { ...base.values };
  const secretKeys = new Set(base.secretKeys);
  for (const override of overrides) {
    const eq = override.indexOf("=");
    if (eq <= 0) {
      throw new Error(
        `--config ${override}: expected key=value, for example archon:agentsEnabled=true ` +
          "or edge:uiBackends[0].address=10.0.0.5:3737",
      );
    }
    const rawKey = override.slice(0, eq);
    const fullKey = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    const colon = fullKey.indexOf(":");
    const namespace = fullKey.slice(0, colon);
    let path: PathSegment[];
    try {
      path = parseConfigPath(fullKey.slice(colon + 1));
    } catch (error) {
      throw new Error(`--config ${rawKey}: invalid config key path: ${(error as Error).message}`);
    }
    const key = `${namespace}:${path[0]}`;
    const value = override.slice(eq + 1);
    if (path.length === 1) {
      values[key] = value;
      secretKeys.delete(key);
      continue;
    }
    const updated = setAtPath(parsedValue(values[key]), path.slice(1), coerced(value), rawKey);
    values[key] = JSON.stringify(updated);
  }
  return { values, secretKeys: [...secretKeys] };
}
