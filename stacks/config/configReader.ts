import * as pulumi from "@pulumi/pulumi";
import { parseIpv4, parseIpv4Cidr, Ipv4Cidr } from "../../components/toolbox/network/ipv4";
import { imageReferenceProblem } from "../../components/toolbox/docker/imageReference";
import { PinnedVersions } from "../../components/toolbox/versions/pinnedVersions";
import { loadVersions } from "./versionsConfig";
import { isDeclared, StackKind, unknownKeyProblems } from "./declarations";

/** Thrown once with every configuration problem found, before any resource is registered. */
export class ConfigValidationError extends Error {
  constructor(
    readonly stack: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration for stack "${stack}" (nothing was created):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

/** What a read saw: the default the program passed, when it passed one. */
export interface ConfigRead {
  readonly fallback?: unknown;
  readonly hasFallback: boolean;
}

let recording: Map<string, ConfigRead> | undefined;

/**
 * Runs `load` and returns every key it read, with the default passed for each; a ConfigValidation
 * error is kept as `error` (the reads before it count). For the tests that hold the declarations
 * in Pulumi.yaml to the code.
 */
export function recordConfigReads(load: () => unknown): {
  reads: Map<string, ConfigRead>;
  error?: unknown;
} {
  const reads = new Map<string, ConfigRead>();
  recording = reads;
  try {
    load();
    return { reads };
  } catch (error) {
    return { reads, error };
  } finally {
    recording = undefined;
  }
}

const HOSTNAME_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isHostname(value: string): boolean {
  return value.length <= 253 && value.split(".").every((label) => HOSTNAME_LABEL.test(label));
}

/**
 * Reads raw stack config values, converts them to typed values and records every problem with
 * the full key, the bad value and what is allowed. Call `assertValid()` before creating resources.
 */
export class ConfigReader {
  private readonly problems: string[] = [];
  private pinnedVersions?: PinnedVersions;

  /**
   * `kind`: the stack's kind; then every key read must be declared for it in Pulumi.yaml, and
   * `assertValid` refuses keys of the program's namespaces that the kind does not declare.
   */
  constructor(
    readonly stack: string,
    readonly kind?: StackKind,
  ) {}

  private raw(namespace: string, key: string, ...fallback: unknown[]): string | undefined {
    const full = `${namespace}:${key}`;
    if (!isDeclared(full, this.kind)) {
      // A programming error, not bad config: the declaration in Pulumi.yaml is missing.
      throw new Error(
        `config key ${full} is read but not declared for ${this.kind ?? "any"} stacks in ` +
          "Pulumi.yaml (x-stack-config, or config: for platform: keys)",
      );
    }
    if (recording && !(recording.get(full)?.hasFallback ?? false)) {
      recording.set(full, { fallback: fallback[0], hasFallback: fallback.length > 0 });
    }
    const value = new pulumi.Config(namespace).get(key);
    return value === undefined || value === "" ? undefined : value;
  }

  /** Records a problem that a stack found by comparing several values. */
  fail(key: string, value: unknown, expected: string): void {
    this.problems.push(`${key}: ${JSON.stringify(value)} is invalid; expected ${expected}`);
  }

  string(namespace: string, key: string, fallback: string): string {
    return this.raw(namespace, key, fallback) ?? fallback;
  }

  optionalString(namespace: string, key: string): string | undefined {
    return this.raw(namespace, key);
  }

  requiredString(namespace: string, key: string, what: string): string {
    const value = this.raw(namespace, key);
    if (value === undefined) {
      this.problems.push(`${namespace}:${key} is required: ${what}`);
      return "";
    }
    return value;
  }

  optionalSecret(namespace: string, key: string): pulumi.Output<string> | undefined {
    if (this.raw(namespace, key) === undefined) {
      return undefined;
    }
    return new pulumi.Config(namespace).requireSecret(key);
  }

  /** A secret that must be set; records a problem naming the key (never the value) when absent. */
  requiredSecret(namespace: string, key: string, what: string): pulumi.Output<string> | undefined {
    if (this.raw(namespace, key) === undefined) {
      this.problems.push(`${namespace}:${key} is required: ${what}`);
      return undefined;
    }
    return new pulumi.Config(namespace).requireSecret(key);
  }

  /**
   * A structured value (a YAML list or object in the stack file, JSON on the command line), parsed
   * but not checked: the stack validates its shape. Undefined when unset or not valid JSON.
   */
  optionalStructured(namespace: string, key: string): unknown {
    const value = this.raw(namespace, key);
    if (value === undefined) {
      return undefined;
    }
    try {
      return JSON.parse(value) as unknown;
    } catch {
      this.fail(`${namespace}:${key}`, value, "a YAML list or object (JSON with --config)");
      return undefined;
    }
  }

  boolean(namespace: string, key: string, fallback: boolean): boolean {
    const value = this.raw(namespace, key, fallback);
    if (value === undefined) {
      return fallback;
    }
    if (value === "true" || value === "false") {
      return value === "true";
    }
    this.fail(`${namespace}:${key}`, value, "true or false");
    return fallback;
  }

  integer(namespace: string, key: string, fallback: number, min: number, max: number): number {
    const value = this.raw(namespace, key, fallback);
    if (value === undefined) {
      return fallback;
    }
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      this.fail(`${namespace}:${key}`, value, `a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  port(namespace: string, key: string, fallback: number): number {
    return this.integer(namespace, key, fallback, 1, 65535);
  }

  oneOf<T extends string>(namespace: string, key: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(namespace, key, fallback);
    if (value === undefined) {
      return fallback;
    }
    if ((allowed as readonly string[]).includes(value)) {
      return value as T;
    }
    this.fail(`${namespace}:${key}`, value, `one of ${allowed.join(", ")}`);
    return fallback;
  }

  hostname(namespace: string, key: string, fallback: string): string {
    const value = this.raw(namespace, key, fallback) ?? fallback;
    if (!isHostname(value)) {
      this.fail(`${namespace}:${key}`, value, "a DNS hostname such as archon.example.com");
    }
    return value;
  }

  cidr(namespace: string, key: string, fallback: string): Ipv4Cidr | undefined {
    const value = this.raw(namespace, key, fallback) ?? fallback;
    const cidr = parseIpv4Cidr(value);
    if (!cidr) {
      this.fail(
        `${namespace}:${key}`,
        value,
        "an IPv4 network in CIDR notation such as 172.21.0.0/16",
      );
    }
    return cidr;
  }

  ipv4(namespace: string, key: string, fallback?: string): number | undefined {
    const value =
      (fallback === undefined ? this.raw(namespace, key) : this.raw(namespace, key, fallback)) ??
      fallback;
    if (value === undefined) {
      return undefined;
    }
    const address = parseIpv4(value);
    if (address === undefined) {
      this.fail(`${namespace}:${key}`, value, "an IPv4 address such as 192.168.2.200");
    }
    return address;
  }

  image(namespace: string, key: string, fallback: string): string {
    return this.checkImage(`${namespace}:${key}`, this.raw(namespace, key, fallback) ?? fallback);
  }

  optionalImage(namespace: string, key: string): string | undefined {
    const value = this.raw(namespace, key);
    return value === undefined ? undefined : this.checkImage(`${namespace}:${key}`, value);
  }

  private checkImage(key: string, value: string): string {
    const problem = imageReferenceProblem(value);
    if (problem) {
      this.fail(key, value, `a pinned image reference (${problem})`);
    }
    return value;
  }

  /**
   * The image and chart versions of this stack: versions.json with `platform:versions` applied
   * (read and checked once). Component-specific keys such as `edge:image` still win over it.
   */
  versions(): PinnedVersions {
    this.pinnedVersions ??= loadVersions(this);
    return this.pinnedVersions;
  }

  /** Reports ports used twice; `ports` maps each full key to its port. */
  distinctPorts(ports: Record<string, number>): void {
    const seen = new Map<number, string>();
    for (const [key, port] of Object.entries(ports)) {
      const other = seen.get(port);
      if (other) {
        this.fail(key, port, `a host port not already taken by ${other}`);
      } else {
        seen.set(port, key);
      }
    }
  }

  /**
   * Throws one ConfigValidationError with every problem, keys the stack's kind does not declare
   * included (a typo such as archon:imagetag would otherwise be ignored silently).
   */
  assertValid(): void {
    if (this.kind) {
      this.problems.push(...unknownKeyProblems(this.kind, Object.keys(pulumi.runtime.allConfig())));
    }
    if (this.problems.length > 0) {
      throw new ConfigValidationError(this.stack, this.problems);
    }
  }
}
