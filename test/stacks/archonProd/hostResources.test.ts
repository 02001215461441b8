import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { loadHostResources } from "../../../stacks/archonProd/hostResourcesConfig";
import { ConfigReader } from "../../../stacks/config/configReader";

/**
 * `host:memoryGb`, `limits:*` and `postgres:*` read as archonProdConfig reads them, without
 * synthesizing the stack (limitsAndPaths.test.ts checks the memory fit on whole stacks' defaults,
 * resources.test.ts the rendered containers).
 */
function resources(values: Record<string, string>, others: Record<string, number> = {}) {
  pulumi.runtime.setAllConfig(values, []);
  const reader = new ConfigReader("archon-prod");
  const result = loadHostResources(reader, false, others);
  reader.assertValid();
  return result;
}

/** Every problem the config produced, or [] when it was accepted. */
function problems(values: Record<string, string>, others: Record<string, number> = {}): string[] {
  try {
    resources(values, others);
    return [];
  } catch (error) {
    return [...(error as { problems: string[] }).problems];
  }
}

/** A Postgres memory size in MiB, as Postgres reads it. */
function mib(size: string): number {
  const [, n, unit] = /^(\d+)(kB|MB|GB)$/.exec(size)!;
  return Number(n) * { kB: 1 / 1024, MB: 1, GB: 1024 }[unit as "kB" | "MB" | "GB"];
}

/** The default limits of the containers outside Postgres, by `limits:` key. */
function nonPostgresDefaults(gb: number): Record<string, number> {
  const r = resources({ "host:memoryGb": String(gb) }, { backup: 256 });
  const { postgres, ...supabase } = r.supabaseMemoryMb;
  expect(postgres).toBeGreaterThan(0);
  return { ...supabase, ...r.archonMemoryMb, ...r.otherMemoryMb };
}

/** A tiny host where every container but `rest` and `meta` is pinned at the minimum. */
const PINNED_SMALL = {
  "limits:serverMb": "32",
  "limits:mcpMb": "32",
  "limits:uiMb": "32",
  "limits:kongMb": "32",
  "limits:studioMb": "32",
};

describe("host:memoryGb", () => {
  it.each(["0", "4097", "-8", "8.5", "eight"])("refuses %s, naming the key and the range", (v) => {
    expect(problems({ "host:memoryGb": v })).toEqual([
      `host:memoryGb: ${JSON.stringify(v)} is invalid; expected a whole number from 1 to 4096`,
    ]);
  });

  it("accepts 4096 and sizes the budget from it", () => {
    const r = resources({ "host:memoryGb": "4096", "limits:postgresMb": "1048576" });
    expect(r.memoryGb).toBe(4096);
    expect(r.supabaseMemoryMb.postgres).toBe(1048576);
  });
});

describe("default limits", () => {
  it("are the 8 GB host's values on bigger hosts (never scaled up)", () => {
    const reference = nonPostgresDefaults(8);
    expect(nonPostgresDefaults(16)).toEqual(reference);
    expect(nonPostgresDefaults(64)).toEqual(reference);
  });

  it("shrink in proportion to the budget on a 4 GB host, to whole 16 MiB, except the UI's", () => {
    const reference = nonPostgresDefaults(8);
    const small = nonPostgresDefaults(4);
    // 4 GB less 512 MiB against 8 GB less 1 GiB.
    const scale = (4096 - 512) / (8192 - 1024);
    for (const [service, mb] of Object.entries(small)) {
      if (service === "ui") {
        expect(mb, service).toBe(reference.ui);
        continue;
      }
      expect(mb % 16, service).toBe(0);
      expect(mb, service).toBeLessThanOrEqual(reference[service] * scale);
      expect(mb, service).toBeGreaterThan(reference[service] * scale - 16);
    }
  });

  it("never go below 64 MiB however small the host", () => {
    const r = resources({ "host:memoryGb": "2", ...PINNED_SMALL });
    expect(r.supabaseMemoryMb.rest).toBe(64);
    expect(r.supabaseMemoryMb.meta).toBe(64);
  });

  it("give Postgres what the others leave, in whole 64 MiB, and the rest to nobody", () => {
    for (const gb of [2, 3, 4, 8, 16]) {
      const values = { "host:memoryGb": String(gb), ...PINNED_SMALL };
      const r = resources(values);
      const hostMb = gb * 1024;
      const budget = hostMb - Math.max(512, hostMb / 8);
      const others = 5 * 32 + r.supabaseMemoryMb.rest + r.supabaseMemoryMb.meta;
      expect(r.supabaseMemoryMb.postgres % 64, `${gb} GB`).toBe(0);
      expect(budget - others - r.supabaseMemoryMb.postgres, `${gb} GB`).toBeGreaterThanOrEqual(0);
      expect(budget - others - r.supabaseMemoryMb.postgres, `${gb} GB`).toBeLessThan(64);
    }
  });

  it("give Postgres at least 256 MiB, and refuse the sum when that does not fit", () => {
    // 1 GB: 512 MiB for the containers; the pinned ones and rest and meta take 288.
    const refused = problems({ "host:memoryGb": "1", ...PINNED_SMALL });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^limits: "544 MiB in all \(postgres 256, /);
  });

  it("are each overridable, including the containers outside Supabase and Archon", () => {
    const r = resources({ "limits:backupMb": "300", "limits:agentsMb": "100" }, { backup: 256 });
    expect(r.otherMemoryMb).toEqual({ backup: 300 });
    expect(r.archonMemoryMb.agents).toBe(100);
    expect(resources({}, { backup: 256, nginx: 128 }).otherMemoryMb).toEqual({
      backup: 256,
      nginx: 128,
    });
  });
});

describe("limits:<service>Mb", () => {
  it.each(["serverMb", "restMb", "postgresMb", "backupMb"])(
    "%s: accepts 32 and 1048576, refuses 31 and 1048577 naming the key and the range",
    (key) => {
      const big = { "host:memoryGb": "4096" };
      const others = { backup: 256 };
      expect(problems({ ...big, [`limits:${key}`]: "32" }, others)).toEqual([]);
      expect(problems({ ...big, [`limits:${key}`]: "1048576" }, others)).toEqual([]);
      for (const v of ["31", "1048577"]) {
        expect(problems({ ...big, [`limits:${key}`]: v }, others)).toContain(
          `limits:${key}: "${v}" is invalid; expected a whole number from 32 to 1048576`,
        );
      }
    },
  );

  it("refuses a sum over the budget naming every running container, the host and the reserve", () => {
    const refused = problems({ "host:memoryGb": "4", "limits:postgresMb": "2048" }, { nginx: 128 });
    expect(refused).toHaveLength(1);
    const [, total, listed] = /^limits: "(\d+) MiB in all \((.*)\)" is invalid/.exec(refused[0])!;
    const entries = listed.split(", ").map((entry) => entry.split(" "));
    expect(entries.map(([service]) => service).sort()).toEqual(
      ["postgres", "rest", "kong", "meta", "studio", "server", "mcp", "ui", "nginx"].sort(),
    );
    expect(entries[0]).toEqual(["postgres", "2048"]);
    expect(entries.reduce((sum, [, mb]) => sum + Number(mb), 0)).toBe(Number(total));
    expect(refused[0]).toContain(
      "expected at most 3584 MiB: host:memoryGb = 4 GiB (4096 MiB) less 512 MiB for the OS and " +
        "Docker; lower limits:<service>Mb or raise host:memoryGb",
    );
  });
});

describe("postgres:* settings", () => {
  it("are pgtune's web profile for the Postgres container's memory, not the host's", () => {
    for (const postgresMb of [1024, 2048, 4096]) {
      const s = resources({
        "host:memoryGb": "64",
        "limits:postgresMb": String(postgresMb),
      }).postgresSettings;
      expect(mib(s.shared_buffers)).toBe(postgresMb / 4);
      expect(mib(s.effective_cache_size)).toBe((postgresMb * 3) / 4);
      expect(mib(s.maintenance_work_mem)).toBe(postgresMb / 16);
      expect(mib(s.work_mem)).toBeLessThan(postgresMb / 200);
      expect(Number(s.max_connections)).toBeGreaterThanOrEqual(100);
    }
  });

  it("are each overridable", () => {
    const s = resources({
      "postgres:maxConnections": "50",
      "postgres:sharedBuffers": "512MB",
      "postgres:effectiveCacheSize": "2GB",
      "postgres:maintenanceWorkMem": "65536kB",
      "postgres:workMem": "8MB",
    }).postgresSettings;
    expect(s).toMatchObject({
      max_connections: "50",
      shared_buffers: "512MB",
      effective_cache_size: "2GB",
      maintenance_work_mem: "65536kB",
      work_mem: "8MB",
    });
  });

  it.each([
    ["10", true],
    ["9", false],
    ["10000", true],
    ["10001", false],
  ])("postgres:maxConnections %s accepted: %s", (v, accepted) => {
    expect(problems({ "postgres:maxConnections": v })).toEqual(
      accepted
        ? []
        : [`postgres:maxConnections: "${v}" is invalid; expected a whole number from 10 to 10000`],
    );
  });

  it.each(["sharedBuffers", "effectiveCacheSize", "maintenanceWorkMem", "workMem"])(
    "postgres:%s refuses what Postgres would not read, naming the key and the forms",
    (key) => {
      for (const bad of ["2 gigs", "512mb", "512", "1.5GB", "GB", "512MB ", "x512MB", "8TB"]) {
        expect(problems({ [`postgres:${key}`]: bad }), bad).toContain(
          `postgres:${key}: ${JSON.stringify(bad)} is invalid; expected a size such as 512MB, 2GB or 1310kB`,
        );
      }
    },
  );

  it.each([
    ["1GB", 1024, false],
    ["1GB", 1025, true],
    ["1023MB", 1024, true],
    ["1024MB", 1024, false],
    ["1048575kB", 1024, true],
    ["1048576kB", 1024, false],
  ])(
    "shared_buffers %s with limits:postgresMb %i accepted: %s (Postgres needs more than its buffers)",
    (sharedBuffers, postgresMb, accepted) => {
      const values = {
        "host:memoryGb": "64",
        "limits:postgresMb": String(postgresMb),
        "postgres:sharedBuffers": sharedBuffers,
      };
      expect(problems(values)).toEqual(
        accepted
          ? []
          : [
              `limits:postgresMb: ${postgresMb} is invalid; expected more than shared_buffers ` +
                `(${sharedBuffers}), or Postgres is killed under load`,
            ],
      );
    },
  );
});
