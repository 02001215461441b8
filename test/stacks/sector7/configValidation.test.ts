import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { stackConfig } from "../../../scripts/lib/synthStack";
import { loadSector7Config } from "../../../stacks/sector7/sector7Config";
import { ConfigValidationError } from "../../../stacks/config/configReader";
import { PROJECT_DIR } from "../../support/synthFixture";
import { BAD_CONFIG } from "./badConfig";

/**
 * sector7's whole configuration (Pulumi.sector7.yaml plus overrides, as the engine hands it over)
 * read by loadSector7Config alone: the refusals of config.test.ts without a synthesis, fast
 * enough for the `config` mutation target.
 */
function problems(overrides: readonly string[], secrets: Record<string, string> = {}): string[] {
  const base = stackConfig(PROJECT_DIR, "sector7", overrides);
  pulumi.runtime.setAllConfig({ ...base.values, ...secrets }, [
    ...base.secretKeys,
    ...Object.keys(secrets),
  ]);
  try {
    loadSector7Config("sector7");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return [...(error as ConfigValidationError).problems];
  }
  return [];
}

describe("sector7 config, read alone", () => {
  it("accepts the stack's own file", () => {
    expect(problems([])).toEqual([]);
  });

  it.each(Object.entries(BAD_CONFIG))(
    "refuses %s, naming the key, the value and what is allowed",
    (_, bad) => {
      const found = problems(bad.overrides, bad.secrets);
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
