import { describe, expect, it } from "vitest";
import { isSecretValue } from "../../../scripts/lib/propertyValues";
import {
  plainInputs,
  resourceNamed,
  synthProjectStack,
  synthRejection,
} from "../../support/synthFixture";
import { container, containersByName, outputs } from "./archonProdFixture";

describe("archon-prod backups", () => {
  it("runs crond in a pinned backup container with seed 001's schedule for the core database", async () => {
    const stack = await synthProjectStack("archon-prod");
    const backup = container(stack, "archon-backup");
    const inputs = plainInputs(backup);
    expect(inputs.image).toBe("postgres:17.6-alpine");
    expect(inputs.command).toEqual(["crond", "-f", "-d", "8"]);
    expect(inputs.volumes).toEqual([
      { hostPath: "/var/backups/archon", containerPath: "/backups" },
    ]);
    const files = Object.fromEntries(
      (inputs.uploads as { file: string; content: string }[]).map((u) => [u.file, u.content]),
    );
    expect(files["/etc/crontabs/root"]).toContain(
      "0 */6 * * * /usr/local/bin/archon-backup postgres 30",
    );
    expect(files["/etc/archon-backup/pgpass"]).toBe(
      // The image's superuser: the demoted `postgres` cannot read auth.schema_migrations.
      `postgres:5432:*:supabase_admin:${outputs(stack).postgresPassword}\n`,
    );
    const pgpassIndex = (inputs.uploads as { file: string }[]).findIndex(
      (u) => u.file === "/etc/archon-backup/pgpass",
    );
    expect(
      isSecretValue((backup.inputs.uploads as { content: unknown }[])[pgpassIndex].content),
    ).toBe(true);
    expect(backup.dependencies).toContain(container(stack, "archon-postgres").urn);
    expect(outputs(stack).backupRestoreCommand).toMatch(
      /^docker exec archon-backup archon-restore/,
    );
  });

  it("takes one schedule and retention per database from config, and can be turned off", async () => {
    const two = await synthProjectStack("archon-prod", [
      'backup:databases=[{"name":"postgres","schedule":"0 2 * * *","retain":14},{"name":"n8n_db","schedule":"0 3 * * *","retain":7}]',
    ]);
    const crontab = (
      plainInputs(container(two, "archon-backup")).uploads as { file: string; content: string }[]
    ).find((u) => u.file === "/etc/crontabs/root")!.content;
    expect(crontab).toContain("0 2 * * * /usr/local/bin/archon-backup postgres 14");
    expect(crontab).toContain("0 3 * * * /usr/local/bin/archon-backup n8n_db 7");
    const off = await synthProjectStack("archon-prod", ["backup:enabled=false"]);
    expect(containersByName(off).has("archon-backup")).toBe(false);
  });

  it.each([
    ['[{"name":"postgres","schedule":"daily","retain":3}]', "backup:databases[0].schedule"],
    ['[{"name":"Bad-Name","schedule":"0 2 * * *","retain":3}]', "backup:databases[0].name"],
    ['[{"name":"postgres","schedule":"0 2 * * *","retain":0}]', "backup:databases[0].retain"],
    ["[]", "backup:databases"],
  ])("refuses backup:databases=%s naming %s", async (value, key) => {
    const { error, registered } = await synthRejection("archon-prod", [
      `backup:databases=${value}`,
    ]);
    expect(error.message).toContain(`${key}:`);
    expect(registered).toBe(0);
  });

  it("refuses a relative backup directory", async () => {
    const { error } = await synthRejection("archon-prod", ["backup:hostDirectory=backups"]);
    expect(error.message).toContain('backup:hostDirectory: "backups" is invalid');
  });
});

describe("archon-prod post-deploy checks", () => {
  it("run after every container and again whenever one is replaced", async () => {
    const stack = await synthProjectStack("archon-prod");
    const check = resourceNamed(stack, "archon-checks-run", "command:local:Command");
    const inputs = plainInputs(check);
    for (const [name, resource] of containersByName(stack)) {
      expect(check.dependencies, name).toContain(resource.urn);
      expect(inputs.create, name).toContain(`${name} is healthy`);
    }
    expect(inputs.triggers).toHaveLength(containersByName(stack).size);
    expect(inputs.create).toContain("PostgREST through Kong with the service key");
    expect(inputs.create).toContain("/rest/v1/archon_settings");
  });
});
