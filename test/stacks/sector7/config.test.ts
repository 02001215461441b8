import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../../../stacks/config/configReader";
import { synthRejection } from "../../support/synthFixture";
import { OVER_SSH } from "./sector7Fixture";
import { BAD_CONFIG } from "./badConfig";

describe("sector7 config validation", () => {
  it.each(Object.entries(BAD_CONFIG))("refuses %s before creating anything", async (_, bad) => {
    const { error, registered } = await synthRejection("sector7", bad.overrides, bad.secrets);
    expect(error).toBeInstanceOf(ConfigValidationError);
    for (const mention of bad.mentions) {
      expect(error.message).toContain(mention);
    }
    expect(registered).toBe(0);
  });

  it("never echoes a refused private key", async () => {
    const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBadKeyMaterial me@host";
    const { error } = await synthRejection("sector7", OVER_SSH, { "ssh:privateKey": publicKey });
    expect(error.message).not.toContain("AAAAC3NzaC1lZDI1NTE5");
  });

  it("reports every problem at once", async () => {
    const { error } = await synthRejection("sector7", [
      "metallb:range=nonsense",
      "certManager:email=nobody",
      "longhorn:replicaCount=9",
    ]);
    const problems = (error as ConfigValidationError).problems;
    for (const key of ["metallb:range", "certManager:email", "longhorn:replicaCount"]) {
      expect(
        problems.some((p) => p.startsWith(key)),
        key,
      ).toBe(true);
    }
    // The AppFlowy admin e-mail falls back to certManager:email and is refused with it.
    expect(problems.filter((p) => !p.startsWith("appflowy:adminEmail"))).toHaveLength(3);
  });
});
