import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { stackConfig } from "../../scripts/lib/synthStack";
import { ConfigReader, ConfigValidationError } from "../../stacks/config/configReader";
import { PROJECT_DIR } from "./synthFixture";

/** A config the stack must refuse, and what its message must name. */
export interface BadCase {
  readonly overrides: string[];
  readonly secrets?: Record<string, string>;
  /** Key, value and expectation the message must name; the first is the key. */
  readonly mentions: (string | RegExp)[];
}

/**
 * Config values read by `read` alone, as the stack's loader reads them, without a synthesis:
 * what it returned, and every problem the reader recorded ([] when the values were accepted).
 */
export function readAlone<T>(
  values: Record<string, string>,
  read: (reader: ConfigReader) => T,
  options: { readonly stack?: string; readonly secretKeys?: string[] } = {},
): { result: T; problems: string[] } {
  pulumi.runtime.setAllConfig(values, options.secretKeys ?? []);
  const reader = new ConfigReader(options.stack ?? "test-stack");
  const result = read(reader);
  try {
    reader.assertValid();
    return { result, problems: [] };
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return { result, problems: [...(error as ConfigValidationError).problems] };
  }
}

/**
 * A stack's whole configuration (its Pulumi.<stack>.yaml plus overrides, as the engine hands it
 * over) read by the stack's loader alone, without a synthesis: what it returned, or the
 * problems it reported.
 */
export function loadAlone<T>(
  stack: string,
  load: (stack: string) => T,
  overrides: readonly string[] = [],
  secrets: Record<string, string> = {},
): { config?: T; problems: string[] } {
  const base = stackConfig(PROJECT_DIR, stack, overrides);
  pulumi.runtime.setAllConfig({ ...base.values, ...secrets }, [
    ...base.secretKeys,
    ...Object.keys(secrets),
  ]);
  try {
    return { config: load(stack), problems: [] };
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return { problems: [...(error as ConfigValidationError).problems] };
  }
}

/** The problems of `loadAlone`. */
export function problemsReadingAlone(
  stack: string,
  load: (stack: string) => unknown,
  overrides: readonly string[],
  secrets: Record<string, string> = {},
): string[] {
  return loadAlone(stack, load, overrides, secrets).problems;
}

/** A refusal as ConfigReader words it: the key, the value as JSON and what is allowed. */
export const invalid = (key: string, value: unknown, expected: string): string =>
  `${key}: ${JSON.stringify(value)} is invalid; expected ${expected}`;

/**
 * The refusals of a stack's config.test.ts, read without a synthesis: fast enough for the
 * `config` mutation target.
 */
export function describeRefusalsReadAlone(
  stack: string,
  load: (stack: string) => unknown,
  cases: Record<string, BadCase>,
): void {
  describe(`${stack} config, read alone`, () => {
    it("accepts the stack's own file", () => {
      expect(problemsReadingAlone(stack, load, [])).toEqual([]);
    });

    it.each(Object.entries(cases))(
      "refuses %s, naming the key, the value and what is allowed",
      (_, bad) => {
        const found = problemsReadingAlone(stack, load, bad.overrides, bad.secrets);
        const [key] = bad.mentions;
        // The key opens a problem of its own; the value and the rule are named in the problems.
        expect(
          found.some((p) => (typeof key === "string" ? p.startsWith(key) : key.test(p))),
          found.join("\n"),
        ).toBe(true);
        for (const mention of bad.mentions) {
          expect(found.join("\n")).toMatch(mention);
        }
      },
    );
  });
}
