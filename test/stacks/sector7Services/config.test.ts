import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../../../stacks/config/configReader";
import { BAD_RESOURCES, BAD_VALUES } from "./badConfig";
import { BASE_CONFIG, outputs, synthServices } from "./servicesFixture";

interface Rejection {
  readonly error: Error;
  readonly registered: number;
}

/** Synthesizes config that must be refused; the error and how many resources got registered. */
async function rejection(values: Record<string, string | undefined>): Promise<Rejection> {
  const overrides = Object.fromEntries(
    Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const removed = Object.keys(values).filter((k) => values[k] === undefined);
  try {
    await synthServices(overrides, undefined, removed);
  } catch (error) {
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const monitor = pulumi.runtime.getMonitor() as unknown as { resources: Map<string, unknown> };
    return { error: error as Error, registered: monitor.resources.size };
  }
  throw new Error(`accepted ${JSON.stringify(values)}`);
}

describe("sector7 services refuse bad config before creating anything", () => {
  it.each(BAD_VALUES)("%s = %s", async (key, value) => {
    const { error, registered } = await rejection({ [key]: value });
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.message).toContain(`${key}: ${JSON.stringify(value)} is invalid`);
    expect(registered).toBe(0);
  });

  it.each(BAD_RESOURCES)(
    "services:resources = %j names the path and what is allowed",
    async (value, path, allowed) => {
      const { error, registered } = await rejection({
        "services:resources": JSON.stringify(value),
      });
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect(error.message).toContain(`${path}: `);
      expect(error.message).toContain(allowed);
      expect(registered).toBe(0);
    },
  );

  it("needs a domain", async () => {
    const { error } = await rejection({ "cluster:domain": undefined });
    expect(error.message).toContain("cluster:domain is required");
  });

  it("reports every problem at once", async () => {
    const { error } = await rejection({
      "services:n8nStorage": "20GB",
      "databaseBackups:n8nSchedule": "daily",
      "appflowy:adminEmail": "nobody",
    });
    expect((error as ConfigValidationError).problems).toHaveLength(3);
  });

  it("needs the SMTP login and password (by name, never the value) once appflowy:smtpHost is set", async () => {
    const { error, registered } = await rejection({ "appflowy:smtpHost": "smtp.example.com" });
    expect(error.message).toContain("appflowy:smtpUser is required");
    expect(error.message).toContain("appflowy:smtpPassword is required");
    expect(registered).toBeLessThanOrEqual(1);
    const bad = await rejection({
      "appflowy:smtpHost": "smtp.example.com",
      "appflowy:smtpUser": "mailer",
      "appflowy:smtpPassword": "hunter2-not-shown",
      "appflowy:smtpPort": "70000",
    });
    expect(bad.error.message).toContain("appflowy:smtpPort");
    expect(bad.error.message).not.toContain("hunter2-not-shown");
  });

  it("needs the AppFlowy admin's e-mail, or takes cert-manager's account e-mail", async () => {
    const { error } = await rejection({ "appflowy:adminEmail": undefined });
    expect(error.message).toContain("appflowy:adminEmail is required");
    const stack = await synthServices({ "certManager:email": "ops@helloworlddao.com" }, undefined, [
      "appflowy:adminEmail",
    ]);
    expect(outputs(stack).appflowyAdminEmail).toBe("ops@helloworlddao.com");
  });

  it("accepts the base config", async () => {
    const stack = await synthServices();
    expect(outputs(stack).appflowyAdminEmail).toBe(BASE_CONFIG["appflowy:adminEmail"]);
  });
});
