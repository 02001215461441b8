import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigReader, ConfigValidationError } from "../../../stacks/config/configReader";
import { loadSector7ServicesConfig } from "../../../stacks/sector7Services/servicesConfig";
import { BAD_RESOURCES, BAD_VALUES } from "./badConfig";
import { BASE_CONFIG } from "./servicesFixture";

/**
 * The services' keys read by loadSector7ServicesConfig alone (config.test.ts synthesizes the same
 * refusals): fast enough for the `config` mutation target.
 */
function problems(values: Record<string, string>): string[] {
  pulumi.runtime.setAllConfig({ ...BASE_CONFIG, ...values }, []);
  const reader = new ConfigReader("sector7");
  loadSector7ServicesConfig(reader);
  try {
    reader.assertValid();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return [...(error as ConfigValidationError).problems];
  }
  return [];
}

describe("sector7 services config, read alone", () => {
  it("accepts the smallest valid configuration", () => {
    expect(problems({})).toEqual([]);
  });

  it.each(BAD_VALUES)("refuses %s = %s, naming the key and the value", (key, value) => {
    expect(
      problems({ [key]: value }).some((p) =>
        p.startsWith(`${key}: ${JSON.stringify(value)} is invalid; expected `),
      ),
    ).toBe(true);
  });

  it.each(BAD_RESOURCES)("refuses services:resources = %j at %s: %s", (value, path, allowed) => {
    const found = problems({ "services:resources": JSON.stringify(value) });
    expect(found.filter((p) => p.startsWith(`${path}: `) && p.includes(allowed))).toHaveLength(1);
  });
});
