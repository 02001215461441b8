import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../../../stacks/config/configReader";
import { isSecretValue } from "../../../scripts/lib/propertyValues";
import { synthRejection, synthWithSecretConfig } from "../../support/synthFixture";
import { container, env } from "./archonProdFixture";
import { BAD_CONFIG } from "./badConfig";

describe("archon-prod config validation", () => {
  it.each(Object.entries(BAD_CONFIG))("refuses %s before creating anything", async (_, bad) => {
    const { error, registered } = await synthRejection("archon-prod", bad.overrides, bad.secrets);
    expect(error).toBeInstanceOf(ConfigValidationError);
    for (const mention of bad.mentions) {
      expect(error.message).toMatch(mention);
    }
    expect(registered).toBe(0);
  });

  it("never echoes a refused OpenAI key", async () => {
    const { error } = await synthRejection("archon-prod", [], {
      "archon:openaiApiKey": "pk-live-123456789",
    });
    expect(error.message).not.toContain("pk-live");
  });

  it("accepts seed 003's minimum host, 4 GB, with every default", async () => {
    const small = await synthWithSecretConfig("archon-prod", {}, ["host:memoryGb=4"]);
    expect(container(small, "archon-server")).toBeDefined();
  });

  it("never echoes a refused secret", async () => {
    const { error } = await synthRejection("archon-prod", [], {
      "supabase:jwtSecret": "super-secret-jwt-token-with-at-least-32-characters-long",
    });
    expect(error.message).not.toContain("super-secret-jwt-token");
  });

  it("reports every problem at once", async () => {
    const { error } = await synthRejection("archon-prod", [
      "supabase:kongPort=0",
      "archon:devMode=maybe",
      "network:subnet=nonsense",
    ]);
    expect((error as ConfigValidationError).problems).toHaveLength(3);
  });

  it("keeps a configured JWT secret secret and signs the keys with it", async () => {
    const jwtSecret = "a-migrated-secret-of-forty-characters-xx";
    const result = await synthWithSecretConfig("archon-prod", { "supabase:jwtSecret": jwtSecret });
    expect(env(result, "archon-rest").PGRST_JWT_SECRET).toBe(jwtSecret);
    const envs = container(result, "archon-rest").inputs.envs as unknown[];
    const plain = Object.keys(env(result, "archon-rest"));
    expect(isSecretValue(envs[plain.indexOf("PGRST_JWT_SECRET")])).toBe(true);
  });
});
