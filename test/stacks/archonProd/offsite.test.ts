import { describe, expect, it } from "vitest";
import { isSecretValue } from "../../../scripts/lib/propertyValues";
import { plainInputs, synthProjectStack, synthRejection } from "../../support/synthFixture";
import { container, containersByName, env, outputs } from "./archonProdFixture";

// Issue 12, item 5: the dumps leave the host on a schedule, to an S3-compatible store.

const OFFSITE = ["offsite:s3Url=https://s3.example.net", "offsite:bucket=archon-dumps"];

describe("archon-prod off-host copies", () => {
  it("are off until offsite:s3Url is set", async () => {
    const stack = await synthProjectStack("archon-prod");
    expect(containersByName(stack).has("archon-offsite")).toBe(false);
    expect(outputs(stack).offsiteTarget).toBeUndefined();
  });

  it("copy the backup directory, read-only, to the bucket with copy (never sync)", async () => {
    const stack = await synthProjectStack("archon-prod", OFFSITE);
    const inputs = plainInputs(container(stack, "archon-offsite"));
    expect(inputs.mounts).toEqual([
      { type: "bind", source: "/var/backups/archon", target: "/backups", readOnly: true },
    ]);
    const loop = inputs.command[0] as string;
    expect(loop).toContain("rclone copy /backups 'offsite:archon-dumps/archon-prod' --immutable");
    expect(loop).not.toMatch(/rclone (sync|move|delete|purge)/);
    expect(loop).toContain("sleep 3600");
    expect(env(stack, "archon-offsite")).toMatchObject({
      RCLONE_CONFIG_OFFSITE_TYPE: "s3",
      RCLONE_CONFIG_OFFSITE_ENDPOINT: "https://s3.example.net",
      RCLONE_CONFIG_OFFSITE_REGION: "us-east-1",
    });
    expect(outputs(stack).offsiteTarget).toBe("https://s3.example.net/archon-dumps/archon-prod");
  });

  it("keeps the store's keys secret in the container and in the outputs", async () => {
    const stack = await synthProjectStack("archon-prod", OFFSITE);
    const envs = container(stack, "archon-offsite").inputs.envs as unknown[];
    const secretEnvs = envs.filter(isSecretValue);
    expect(secretEnvs).toHaveLength(2);
    expect(isSecretValue(stack.outputs.offsiteAccessKeyId)).toBe(true);
    expect(isSecretValue(stack.outputs.offsiteSecretAccessKey)).toBe(true);
    expect(outputs(stack).offsiteAccessKeyId).toHaveLength(20);
  });

  it("runs after the backup container and counts in the host's memory", async () => {
    const stack = await synthProjectStack("archon-prod", [...OFFSITE, "limits:offsiteMb=96"]);
    const component = stack.resources.find((r) => r.name === "archon-offsite")!;
    expect(component.dependencies).toContain(container(stack, "archon-backup").urn);
    expect(plainInputs(container(stack, "archon-offsite")).memory).toBe(96);
  });

  it.each([
    [
      ["offsite:s3Url=s3.example.net", "offsite:bucket=b-1"],
      ["offsite:s3Url", "http(s) URL"],
    ],
    [["offsite:s3Url=https://s3.example.net"], ["offsite:bucket is required"]],
    [
      [...OFFSITE, "backup:enabled=false"],
      ["offsite:s3Url", "backup:enabled is false"],
    ],
    [
      [...OFFSITE, "offsite:intervalMinutes=1"],
      ["offsite:intervalMinutes", "5 to 1440"],
    ],
    [[...OFFSITE, "offsite:image=rclone/rclone:latest"], ["offsite:image"]],
  ])("refuses %j before creating anything", async (overrides, mentions) => {
    const { error, registered } = await synthRejection("archon-prod", overrides);
    for (const m of mentions) {
      expect(error.message).toContain(m);
    }
    expect(registered).toBe(0);
  });
});
