import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { loadBackupConfig } from "../../../stacks/archonProd/backupConfig";
import { ConfigReader } from "../../../stacks/config/configReader";

/**
 * archon-prod's `backup:*` keys read as archonProdConfig reads them, without synthesizing the
 * stack (test/stacks/archonProd/backups.test.ts checks the rendered crontab).
 */
function backup(values: Record<string, string>) {
  pulumi.runtime.setAllConfig(values, []);
  const reader = new ConfigReader("archon-prod");
  const result = loadBackupConfig(reader);
  reader.assertValid();
  return result;
}

const databases = (list: unknown) => backup({ "backup:databases": JSON.stringify(list) }).databases;
const entry = (overrides: Record<string, unknown>) => ({
  name: "postgres",
  schedule: "0 2 * * *",
  retain: 7,
  ...overrides,
});

describe("backup:databases", () => {
  it("defaults to the Supabase core database every six hours, kept for a week", () => {
    const [only, ...rest] = backup({}).databases;
    expect(rest).toEqual([]);
    expect(only.name).toBe("postgres");
    // Four dumps a day: the hour field steps by six.
    expect(only.schedule.split(" ")[1]).toBe("*/6");
    expect(only.retain / 4).toBeGreaterThanOrEqual(7);
  });

  it("keeps each entry as given, in order", () => {
    const list = [
      { name: "postgres", schedule: "0 2 * * *", retain: 1 },
      { name: "_n8n_2", schedule: "*/15 1-5 1,15 * 0", retain: 1000 },
    ];
    expect(databases(list)).toEqual(list);
  });

  it.each([
    ["a name of 63 characters", { name: "a".repeat(63) }],
    ["a name starting with _", { name: "_x" }],
    ["a one-letter name", { name: "z" }],
    ["a schedule with extra spaces", { schedule: "  0   2 * *  * " }],
    ["retain 1", { retain: 1 }],
    ["retain 1000", { retain: 1000 }],
  ])("accepts %s", (_, overrides) => {
    expect(databases([entry(overrides)])[0]).toMatchObject(overrides);
  });

  it.each([
    ["name", { name: "a".repeat(64) }, '"aaaa', "a database name (lower case letters, digits, _)"],
    ["name", { name: "1db" }, '"1db"', "a database name"],
    ["name", { name: "Postgres" }, '"Postgres"', "a database name"],
    ["name", { name: "post-gres" }, '"post-gres"', "a database name"],
    ["name", { name: "" }, '""', "a database name"],
    ["name", { name: "db;rm" }, '"db;rm"', "a database name"],
    ["name", { name: 7 }, "7", "a database name"],
    ["name", { name: undefined }, "undefined", "a database name"],
    ["schedule", { schedule: "0 2 * *" }, '"0 2 * *"', "a cron schedule of five fields"],
    ["schedule", { schedule: "0 2 * * * *" }, '"0 2 * * * *"', "a cron schedule of five fields"],
    ["schedule", { schedule: "@daily" }, '"@daily"', "a cron schedule"],
    ["schedule", { schedule: "0 2 * * mon" }, '"0 2 * * mon"', "a cron schedule"],
    ["schedule", { schedule: "0 2 * * x*" }, '"0 2 * * x*"', "a cron schedule"],
    ["schedule", { schedule: "0 2 * * *x" }, '"0 2 * * *x"', "a cron schedule"],
    ["schedule", { schedule: 2 }, "2", "a cron schedule"],
    ["retain", { retain: 0 }, "0", "how many dumps to keep, a whole number from 1 to 1000"],
    ["retain", { retain: 1001 }, "1001", "a whole number from 1 to 1000"],
    ["retain", { retain: 1.5 }, "1.5", "a whole number from 1 to 1000"],
    ["retain", { retain: "7" }, '"7"', "a whole number from 1 to 1000"],
    ["retain", { retain: -1 }, "-1", "a whole number from 1 to 1000"],
  ])(
    "refuses a bad %s (%j), naming the entry's key, the value and the rule",
    (field, o, v, rule) => {
      const second = [entry({}), entry(o)];
      expect(() => databases(second)).toThrow(`backup:databases[1].${field}: ${v}`);
      expect(() => databases(second)).toThrow(rule);
      // Only the bad field is reported.
      expect(() => databases(second)).toThrow(
        expect.objectContaining({ problems: [expect.stringContaining(`[1].${field}:`)] }),
      );
    },
  );

  it.each([
    ["an empty list", "[]"],
    ["an object", '{"name":"postgres"}'],
    ["a string", '"postgres"'],
  ])("refuses %s, naming the key and the expected shape", (_, raw) => {
    expect(() => backup({ "backup:databases": raw })).toThrow(
      `backup:databases: ${JSON.stringify(JSON.parse(raw))} is invalid; expected a list of { name, schedule, retain }`,
    );
  });

  it("refuses an entry that is not an object, naming each of its fields", () => {
    expect(() => databases([null])).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringContaining("backup:databases[0].name:"),
          expect.stringContaining("backup:databases[0].schedule:"),
          expect.stringContaining("backup:databases[0].retain:"),
        ],
      }),
    );
  });
});

describe("backup:enabled and backup:image", () => {
  it("are on, and the pinned postgres image, by default; each can be set", () => {
    const defaults = backup({});
    expect(defaults.enabled).toBe(true);
    // pg_dump and the server it dumps come from the same image.
    expect(defaults.image).toMatch(/^postgres:\d/);
    const set = backup({
      "backup:enabled": "false",
      "backup:image": "postgres:17.5@sha256:" + "a".repeat(64),
    });
    expect(set.enabled).toBe(false);
    expect(set.image).toBe("postgres:17.5@sha256:" + "a".repeat(64));
  });
});
