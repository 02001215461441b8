import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { loadBackupConfig } from "../../../stacks/archonProd/backupConfig";
import { HostResources, loadHostResources } from "../../../stacks/archonProd/hostResourcesConfig";
import { ConfigReader, ConfigValidationError } from "../../../stacks/config/configReader";

/** The containers outside Supabase and Archon that archon-prod's defaults run. */
const OTHERS = { backup: 256, nginx: 128, dockerProxy: 64, certbot: 128, offsite: 128 };

/** Reads the stack's config keys as archonProdConfig does; throws its validation error. */
function validated<T>(values: Record<string, string>, load: (reader: ConfigReader) => T): T {
  pulumi.runtime.setAllConfig(values, []);
  const reader = new ConfigReader("archon-prod");
  const result = load(reader);
  reader.assertValid();
  return result;
}

const hostResources = (values: Record<string, string>, agents: boolean) =>
  validated(values, (reader) => loadHostResources(reader, agents, OTHERS));

/** Every running container's limit by its `limits:<service>Mb` key. */
function runningLimits(r: HostResources, agents: boolean): Record<string, number> {
  const { agents: agentsMb, ...archon } = r.archonMemoryMb;
  return {
    ...r.supabaseMemoryMb,
    ...archon,
    ...(agents ? { agents: agentsMb } : {}),
    ...r.otherMemoryMb,
  };
}

describe("archon-prod memory fit", () => {
  describe.each([
    [4, false],
    [8, true],
    [16, false],
  ])("on a %i GB host (agents %s)", (gb, agents) => {
    const host = { "host:memoryGb": String(gb) };
    const budget = gb * 1024 - Math.max(512, Math.floor((gb * 1024) / 8));
    const services = [
      "postgres",
      "rest",
      "kong",
      "meta",
      "studio",
      "server",
      "mcp",
      "ui",
      ...(agents ? ["agents"] : []),
      ...Object.keys(OTHERS),
    ];
    // Computed in each test, not at collection: Stryker then counts which test ran which code.
    const defaultsOf = () => runningLimits(hostResources(host, agents), agents);

    it("runs every container of the stack, and the defaults fit", () => {
      const defaults = defaultsOf();
      expect(Object.keys(defaults).sort()).toEqual([...services].sort());
      const sum = Object.values(defaults).reduce((a, b) => a + b, 0);
      expect(sum).toBeLessThanOrEqual(budget);
      // The remainder rule hands Postgres all but less than one 64 MiB step.
      expect(budget - sum).toBeLessThan(64);
    });

    it.each(services)(
      "accepts limits:%sMb raised to fill the budget exactly, and refuses one MiB more",
      (service) => {
        const defaults = defaultsOf();
        const pinned = {
          ...host,
          "limits:postgresMb": String(defaults.postgres),
        };
        const sum = Object.values(defaults).reduce((a, b) => a + b, 0);
        const exact = defaults[service] + budget - sum;
        const at = (mb: number) => ({ ...pinned, [`limits:${service}Mb`]: String(mb) });
        const fitted = runningLimits(hostResources(at(exact), agents), agents);
        expect(fitted[service]).toBe(exact);
        expect(() => hostResources(at(exact + 1), agents)).toThrow(
          new RegExp(
            `limits: "${sum - defaults[service] + exact + 1} MiB in all .*at most ${budget} MiB`,
          ),
        );
      },
    );
  });

  it("leaves a disabled agents container out of the sum", () => {
    const r = hostResources({ "host:memoryGb": "8", "limits:agentsMb": "100000" }, false);
    expect(r.archonMemoryMb.agents).toBe(100000);
    expect(() =>
      hostResources({ "host:memoryGb": "8", "limits:agentsMb": "100000" }, true),
    ).toThrow(ConfigValidationError);
  });
});

describe("backup:hostDirectory", () => {
  const directory = (value: string) =>
    validated({ "backup:hostDirectory": value }, loadBackupConfig).hostDirectory;

  it.each([
    "/var/backups/archon",
    "/srv/backups",
    "/var/lib/archon-backups",
    "/mnt/disk1/dumps",
    "/opt/archon/backups/",
    "/data",
    "/srv/backups..old/x",
    "/srv/.backups",
  ])("accepts %s", (value) => {
    expect(directory(value)).toBe(value);
  });

  it.each([
    "/",
    "//",
    "/.",
    "/./",
    "/etc",
    "/etc/backups",
    "/usr/local/backups",
    "/home/ops/backups",
    "/root",
    "/var",
    "/var/",
    "/var/lib",
    "/var/lib/docker/volumes",
    "/var/log/archon",
    "/run/backups",
    "/var//run",
    "/./var/run",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    // Not an absolute path of plain path characters, or climbing out.
    "backups",
    "srv/backups",
    "/srv/backups;reboot",
    "/srv/$(reboot)",
    "/srv/back ups",
    "/srv/backups/../../etc",
    "/srv/..",
  ])("refuses %s, naming the key, the value and the rule", (value) => {
    expect(() => directory(value)).toThrow(
      `backup:hostDirectory: ${JSON.stringify(value)} is invalid; expected an absolute directory on the Docker host, not / nor a system directory`,
    );
  });
});
