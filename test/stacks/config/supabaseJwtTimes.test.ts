import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigReader, ConfigValidationError } from "../../../stacks/config/configReader";
import { loadSupabaseJwtTimes } from "../../../stacks/config/supabaseJwtTimes";

function times(values: Record<string, string>) {
  pulumi.runtime.setAllConfig(values, []);
  const reader = new ConfigReader("test-stack");
  const result = loadSupabaseJwtTimes(reader);
  reader.assertValid();
  return result;
}

const problems = (values: Record<string, string>) => {
  try {
    times(values);
    return [];
  } catch (error) {
    return [...(error as ConfigValidationError).problems];
  }
};

describe("supabase:jwtIssuedAt and supabase:jwtExpiresAt", () => {
  it("default to fixed times, the keys valid for years from 2026", () => {
    const { jwtIssuedAt, jwtExpiresAt } = times({});
    expect(new Date(jwtIssuedAt * 1000).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(jwtExpiresAt - jwtIssuedAt).toBeGreaterThan(5 * 365 * 24 * 3600);
    expect(times({})).toEqual({ jwtIssuedAt, jwtExpiresAt });
  });

  it("accept an expiry one second after issue, and refuse it at issue time, naming both", () => {
    expect(times({ "supabase:jwtIssuedAt": "100", "supabase:jwtExpiresAt": "101" })).toEqual({
      jwtIssuedAt: 100,
      jwtExpiresAt: 101,
    });
    expect(problems({ "supabase:jwtIssuedAt": "100", "supabase:jwtExpiresAt": "100" })).toEqual([
      "supabase:jwtExpiresAt: 100 is invalid; expected a time after supabase:jwtIssuedAt (100)",
    ]);
  });

  it.each([
    ["supabase:jwtIssuedAt", "0", true],
    ["supabase:jwtIssuedAt", "-1", false],
    ["supabase:jwtExpiresAt", String(2 ** 32), true],
    ["supabase:jwtExpiresAt", String(2 ** 32 + 1), false],
  ])("%s = %s accepted: %s (0 to 2^32)", (key, value, accepted) => {
    const found = problems({ [key]: value });
    expect(found).toEqual(
      accepted
        ? []
        : [`${key}: "${value}" is invalid; expected a whole number from 0 to ${2 ** 32}`],
    );
  });
});
