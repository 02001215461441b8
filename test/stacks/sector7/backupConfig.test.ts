import { describe, expect, it } from "vitest";
import { readAlone } from "../../support/configAlone";
import { loadBackupConfig } from "../../../stacks/sector7/backupConfig";

/**
 * sector7's `backup:*`, `longhorn:*` backup and `velero:*` keys read without a synthesis
 * (s3Store.test.ts has the store's patterns; dataSafety.test.ts what the charts get).
 */
function backups(values: Record<string, string>) {
  const read = readAlone(values, loadBackupConfig, { stack: "sector7" });
  return { config: read.result, problems: read.problems };
}

const STORE = { "backup:s3Url": "http://192.168.2.106:9000", "backup:bucket": "sector7" };

describe("the backup store", () => {
  it("is read for Velero and for Longhorn's default target", () => {
    const { config, problems } = backups(STORE);
    expect(problems).toEqual([]);
    expect(config.store).toMatchObject({
      endpoint: "http://192.168.2.106:9000",
      bucket: "sector7",
    });
    expect(config.longhornTarget).toEqual({ kind: "store", prefix: "longhorn" });
    const veleroOff = backups({ ...STORE, "velero:enabled": "false" });
    expect(veleroOff.config.store?.bucket).toBe("sector7");
  });

  it("is required while something uses it, naming both keys", () => {
    const required = [
      "backup:s3Url is required: the S3-compatible store for backups, such as http://192.168.2.106:9000",
      "backup:bucket is required: the bucket backups go to",
    ];
    expect(backups({}).problems).toEqual(required);
    expect(backups({ "velero:enabled": "false" }).problems).toEqual(required);
    expect(backups({ "longhorn:backupTarget": "none" }).problems).toEqual(required);
  });

  it.each(["none", "nfs://nas.lan:/export/longhorn"])(
    "is not read when Velero is off and Longhorn's target is %s",
    (target) => {
      expect(backups({ "velero:enabled": "false", "longhorn:backupTarget": target })).toMatchObject(
        { config: { store: undefined }, problems: [] },
      );
    },
  );

  it("names the store's own keys in its refusals", () => {
    expect(backups({ ...STORE, "backup:s3Url": "http://192.168.2.106:0" }).problems).toEqual([
      'backup:s3Url: "http://192.168.2.106:0" is invalid; expected an http(s) URL with a host ' +
        "name or IPv4 address and an optional port from 1 to 65535, no path",
    ]);
  });
});

describe("longhorn:backupTarget", () => {
  it("none: Longhorn backs up nowhere", () => {
    expect(backups({ ...STORE, "longhorn:backupTarget": "none" }).config.longhornTarget).toEqual({
      kind: "none",
    });
  });

  it("an NFS export Longhorn can mount", () => {
    const url = "nfs://nas.lan:/export/longhorn";
    expect(backups({ ...STORE, "longhorn:backupTarget": url })).toMatchObject({
      config: { longhornTarget: { kind: "nfs", url } },
      problems: [],
    });
  });

  it.each([
    "smb://nas/backups",
    "nfs://nas.lan/export",
    "NONE",
    // Longhorn takes s3:// too, but this stack's S3 target is the backup store (unset).
    "s3://bucket@us-east-1/longhorn",
  ])("refuses %s, listing the three forms", (target) => {
    const { config, problems } = backups({ ...STORE, "longhorn:backupTarget": target });
    expect(problems).toEqual([
      `longhorn:backupTarget: ${JSON.stringify(target)} is invalid; expected nfs://host:/path, ` +
        "none, or unset to use the backup store (backup:*) under longhorn/",
    ]);
    expect(config.longhornTarget).toEqual({ kind: "none" });
  });
});

describe("Longhorn's recurring jobs", () => {
  it.each([
    ["snapshotRetain", "1"],
    ["snapshotRetain", "250"],
    ["backupRetain", "1"],
    ["backupRetain", "250"],
  ])("keep longhorn:%s=%s", (key, value) => {
    const { config, problems } = backups({ ...STORE, [`longhorn:${key}`]: value });
    expect(problems).toEqual([]);
    const job = key === "snapshotRetain" ? config.longhornSnapshots : config.longhornBackups;
    expect(job.retain).toBe(Number(value));
  });

  it.each([
    ["snapshotRetain", "0"],
    ["snapshotRetain", "251"],
    ["backupRetain", "0"],
    ["backupRetain", "251"],
  ])("refuse longhorn:%s=%s, naming the range", (key, value) => {
    expect(backups({ ...STORE, [`longhorn:${key}`]: value }).problems).toEqual([
      `longhorn:${key}: "${value}" is invalid; expected a whole number from 1 to 250`,
    ]);
  });

  it.each(["snapshotCron", "backupCron"])("longhorn:%s: a five-field cron expression", (key) => {
    const { config } = backups({ ...STORE, [`longhorn:${key}`]: "15 1 * * 1-5" });
    const job = key === "snapshotCron" ? config.longhornSnapshots : config.longhornBackups;
    expect(job.cron).toBe("15 1 * * 1-5");
    expect(backups({ ...STORE, [`longhorn:${key}`]: "15 1 * *" }).problems).toEqual([
      `longhorn:${key}: "15 1 * *" is invalid; expected a five-field cron expression such as 0 2 * * *`,
    ]);
  });
});

describe("Velero", () => {
  it("is on unless velero:enabled is false", () => {
    expect(backups(STORE).config.velero.enabled).toBe(true);
    expect(backups({ ...STORE, "velero:enabled": "false" }).config.velero.enabled).toBe(false);
  });

  it.each([
    ["dailyCron", "daily"],
    ["weeklyCron", "weekly"],
  ] as const)("velero:%s sets the %s schedule, and is checked", (key, schedule) => {
    const { config } = backups({ ...STORE, [`velero:${key}`]: "30 5 * * 6" });
    expect(config.velero.schedules[schedule].cron).toBe("30 5 * * 6");
    expect(backups({ ...STORE, [`velero:${key}`]: "@weekly" }).problems).toEqual([
      `velero:${key}: "@weekly" is invalid; expected a five-field cron expression such as 0 2 * * *`,
    ]);
  });

  it.each([
    ["dailyTtl", "daily"],
    ["weeklyTtl", "weekly"],
  ] as const)("velero:%s sets how long the %s backups live", (key, schedule) => {
    for (const ttl of ["1h", "90m", "45s", "1h30m", "2h0m30s", "0s"]) {
      const { config, problems } = backups({ ...STORE, [`velero:${key}`]: ttl });
      expect(problems, ttl).toEqual([]);
      expect(config.velero.schedules[schedule].ttl).toBe(ttl);
    }
  });

  it.each(["7d", "1", "h", "1h1d", "30m1h", " 1h", "1h ", "1.5h", "-1h"])(
    "refuses a TTL of %j, naming the key and the form",
    (ttl) => {
      expect(backups({ ...STORE, "velero:dailyTtl": ttl }).problems).toEqual([
        `velero:dailyTtl: ${JSON.stringify(ttl)} is invalid; expected a duration in hours such as 720h`,
      ]);
    },
  );

  it.each(["v", "sector7/velero", "Velero_1.x-y"])("takes the folder %s", (prefix) => {
    expect(backups({ ...STORE, "velero:prefix": prefix })).toMatchObject({
      config: { velero: { prefix } },
      problems: [],
    });
  });

  it.each(["/velero", ".velero", "-velero", "velero prefix", "velero:x"])(
    "refuses the folder %s",
    (prefix) => {
      expect(backups({ ...STORE, "velero:prefix": prefix }).problems).toEqual([
        `velero:prefix: ${JSON.stringify(prefix)} is invalid; expected a folder name such as velero`,
      ]);
    },
  );

  it("takes its images from platform:versions, and velero:pluginImage over it", () => {
    const versions = JSON.stringify({
      images: {
        "velero-plugin-for-aws": "velero/velero-plugin-for-aws:v1.12.0",
        "velero-kubectl": "registry.k8s.io/kubectl:v1.33.1",
      },
    });
    const { config } = backups({ ...STORE, "platform:versions": versions });
    expect(config.velero.pluginImage).toBe("velero/velero-plugin-for-aws:v1.12.0");
    expect(config.velero.kubectlImageTag).toBe("v1.33.1");
    const own = backups({
      ...STORE,
      "platform:versions": versions,
      "velero:pluginImage": "velero/velero-plugin-for-aws:v1.13.0",
    });
    expect(own.config.velero.pluginImage).toBe("velero/velero-plugin-for-aws:v1.13.0");
  });
});
