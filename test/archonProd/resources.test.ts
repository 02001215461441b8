import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../../stacks/config/configReader";
import { plainInputs, synthProjectStack, synthRejection } from "../support/synthFixture";
import { container, containersByName } from "./archonProdFixture";

function postgresFlags(command: string[]): Record<string, string> {
  return Object.fromEntries(
    command
      .filter((_, i) => i > 0 && command[i - 1] === "-c")
      .map((flag) => flag.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}

describe("archon-prod host resources", () => {
  it("gives every container a memory limit and the sum fits the 8 GB default host", async () => {
    const stack = await synthProjectStack("archon-prod", ["archon:agentsEnabled=true"]);
    let total = 0;
    for (const [name, resource] of containersByName(stack)) {
      const memory = plainInputs(resource).memory as number;
      expect(memory, name).toBeGreaterThan(0);
      total += memory;
    }
    expect(total).toBeLessThanOrEqual(8 * 1024);
  });

  it("tunes Postgres to host:memoryGb, and explicit settings win", async () => {
    const big = await synthProjectStack("archon-prod", [
      "host:memoryGb=16",
      "postgres:workMem=16MB",
      "limits:postgresMb=6144",
    ]);
    const flags = postgresFlags(plainInputs(container(big, "archon-postgres")).command);
    expect(flags).toMatchObject({
      shared_buffers: "4GB",
      effective_cache_size: "12GB",
      maintenance_work_mem: "1GB",
      work_mem: "16MB",
    });
    expect(plainInputs(container(big, "archon-postgres")).memory).toBe(6144);
  });

  it("refuses limits that do not fit the host, naming the sum and the host", async () => {
    const { error, registered } = await synthRejection("archon-prod", ["host:memoryGb=4"]);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.message).toMatch(
      /limits: ".*MiB in all \(postgres 3072, .*" is invalid; expected at most host:memoryGb = 4 GiB/,
    );
    expect(registered).toBe(0);
  });

  it("refuses a Postgres limit below shared_buffers and malformed sizes", async () => {
    const small = await synthRejection("archon-prod", ["limits:postgresMb=1024"]);
    expect(small.error.message).toContain(
      "limits:postgresMb: 1024 is invalid; expected more than shared_buffers (2GB)",
    );
    const bad = await synthRejection("archon-prod", ["postgres:sharedBuffers=2 gigs"]);
    expect(bad.error.message).toContain(
      'postgres:sharedBuffers: "2 gigs" is invalid; expected a size such as 512MB',
    );
  });
});
