import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../../../stacks/config/configReader";
import { plainInputs, synthProjectStack, synthRejection } from "../../support/synthFixture";
import { container, containersByName } from "./archonProdFixture";

function postgresFlags(command: string[]): Record<string, string> {
  return Object.fromEntries(
    command
      .filter((_, i) => i > 0 && command[i - 1] === "-c")
      .map((flag) => flag.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}

function megabytes(size: string): number {
  const [, n, unit] = /^(\d+)(kB|MB|GB)$/.exec(size)!;
  return Number(n) * { kB: 1 / 1024, MB: 1, GB: 1024 }[unit as "kB" | "MB" | "GB"];
}

/** Sum of every container's limit, and Postgres' limit and flags. */
function footprint(stack: Awaited<ReturnType<typeof synthProjectStack>>) {
  let total = 0;
  for (const [name, resource] of containersByName(stack)) {
    const memory = plainInputs(resource).memory as number;
    expect(memory, name).toBeGreaterThan(0);
    total += memory;
  }
  const postgres = plainInputs(container(stack, "archon-postgres"));
  return { total, postgresMb: postgres.memory as number, flags: postgresFlags(postgres.command) };
}

describe("archon-prod host resources", () => {
  it.each([
    // [host GB, agents]: seed 003's minimum and recommended hosts, and a bigger one.
    [4, false],
    [8, false],
    [8, true],
    [16, true],
  ])(
    "on a %i GB host (agents %s) the limits leave the OS and Docker at least an eighth, 512 MiB or more",
    async (gb, agents) => {
      const stack = await synthProjectStack("archon-prod", [
        `host:memoryGb=${gb}`,
        `archon:agentsEnabled=${agents}`,
      ]);
      const { total, postgresMb, flags } = footprint(stack);
      const hostMb = gb * 1024;
      expect(hostMb - total).toBeGreaterThanOrEqual(Math.max(512, hostMb / 8));
      // Postgres is tuned for the memory it has, not for the whole host.
      expect(megabytes(flags.shared_buffers)).toBeLessThan(postgresMb / 3);
      expect(megabytes(flags.effective_cache_size)).toBeLessThanOrEqual(postgresMb);
      expect(postgresMb).toBeGreaterThanOrEqual(512);
    },
  );

  it("never gives the UI less than the 906 MiB Vite's dev server was measured at", async () => {
    for (const gb of [4, 8]) {
      const stack = await synthProjectStack("archon-prod", [`host:memoryGb=${gb}`]);
      expect(plainInputs(container(stack, "archon-ui")).memory, `${gb} GB`).toBeGreaterThan(906);
    }
  });

  it("explicit limits and settings win over the derived ones", async () => {
    const big = await synthProjectStack("archon-prod", [
      "host:memoryGb=16",
      "postgres:workMem=16MB",
      "limits:postgresMb=6144",
      "limits:serverMb=3000",
    ]);
    const flags = postgresFlags(plainInputs(container(big, "archon-postgres")).command);
    expect(flags).toMatchObject({
      shared_buffers: "1536MB",
      effective_cache_size: "4608MB",
      maintenance_work_mem: "384MB",
      work_mem: "16MB",
    });
    expect(plainInputs(container(big, "archon-postgres")).memory).toBe(6144);
    expect(plainInputs(container(big, "archon-server")).memory).toBe(3000);
  });

  it("refuses limits that leave the OS no room, naming the sum, the host and the reserve", async () => {
    const { error, registered } = await synthRejection("archon-prod", [
      "host:memoryGb=4",
      "limits:postgresMb=2048",
    ]);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.message).toMatch(
      /limits: ".*MiB in all \(postgres 2048, .*" is invalid; expected at most 3584 MiB: host:memoryGb = 4 GiB \(4096 MiB\) less 512 MiB for the OS and Docker/,
    );
    expect(registered).toBe(0);
    // Limits equal to the whole host used to pass.
    const whole = await synthRejection("archon-prod", [
      "host:memoryGb=8",
      "limits:postgresMb=3136",
    ]);
    expect(whole.error.message).toContain("less 1024 MiB for the OS and Docker");
  });

  it("refuses a Postgres limit below shared_buffers and malformed sizes", async () => {
    const small = await synthRejection("archon-prod", [
      "limits:postgresMb=1024",
      "postgres:sharedBuffers=1GB",
    ]);
    expect(small.error.message).toContain(
      "limits:postgresMb: 1024 is invalid; expected more than shared_buffers (1GB)",
    );
    const bad = await synthRejection("archon-prod", ["postgres:sharedBuffers=2 gigs"]);
    expect(bad.error.message).toContain(
      'postgres:sharedBuffers: "2 gigs" is invalid; expected a size such as 512MB',
    );
  });
});
