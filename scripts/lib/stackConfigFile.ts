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
    throw new Error(`no stack file ${file}: is "${stack}" a stack of this project?`);
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

/**
 * Applies `key=value` overrides (as `pulumi config set` would). A key without a namespace
 * belongs to the project, as in the CLI.
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
        `--config ${override}: expected key=value, for example archon:agentsEnabled=true`,
      );
    }
    const rawKey = override.slice(0, eq);
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    values[key] = override.slice(eq + 1);
    secretKeys.delete(key);
  }
  return { values, secretKeys: [...secretKeys] };
}
