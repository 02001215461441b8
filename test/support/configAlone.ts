import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { stackConfig } from "../../scripts/lib/synthStack";
import { ConfigValidationError } from "../../stacks/config/configReader";
import { PROJECT_DIR } from "./synthFixture";

/** A config the stack must refuse, and what its message must name. */
export interface BadCase {
  readonly overrides: string[];
  readonly secrets?: Record<string, string>;
  /** Key, value and expectation the message must name; the first is the key. */
  readonly mentions: (string | RegExp)[];
}

/**
 * A stack's whole configuration (its Pulumi.<stack>.yaml plus overrides, as the engine hands it
 * over) read by the stack's loader alone, without a synthesis: the problems it reports.
 */
export function problemsReadingAlone(
  stack: string,
  load: (stack: string) => unknown,
  overrides: readonly string[],
  secrets: Record<string, string> = {},
): string[] {
  const base = stackConfig(PROJECT_DIR, stack, overrides);
  pulumi.runtime.setAllConfig({ ...base.values, ...secrets }, [
    ...base.secretKeys,
    ...Object.keys(secrets),
  ]);
  try {
    load(stack);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return [...(error as ConfigValidationError).problems];
  }
  return [];
}

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
