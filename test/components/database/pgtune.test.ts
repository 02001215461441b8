import { describe, expect, it } from "vitest";
import { formatMemory, pgtuneWeb } from "../../../components/database/pgtune";

describe("pgtune for a web workload", () => {
  it("gives seed 003's set for a 1 GB host", () => {
    expect(pgtuneWeb(1)).toEqual({
      max_connections: "200",
      shared_buffers: "256MB",
      effective_cache_size: "768MB",
      maintenance_work_mem: "64MB",
      work_mem: "1310kB",
    });
  });

  it("gives seed 003's 8 GB row", () => {
    expect(pgtuneWeb(8)).toMatchObject({
      shared_buffers: "2GB",
      effective_cache_size: "6GB",
      maintenance_work_mem: "512MB",
      work_mem: "10MB",
    });
  });

  // Expected values computed by hand from pgtune's web formulas (RAM/4, 3*RAM/4, RAM/16 capped
  // at 2 GB, (RAM - shared_buffers) / 600).
  it.each([
    [1, "256MB", "768MB", "64MB", "1310kB"],
    [2, "512MB", "1536MB", "128MB", "2621kB"],
    [4, "1GB", "3GB", "256MB", "5242kB"],
    [8, "2GB", "6GB", "512MB", "10MB"],
    [16, "4GB", "12GB", "1GB", "20MB"],
    [32, "8GB", "24GB", "2GB", "40MB"],
  ])("a %i GB host", (gb, shared, cache, maintenance, work) => {
    expect(pgtuneWeb(gb)).toEqual({
      max_connections: "200",
      shared_buffers: shared,
      effective_cache_size: cache,
      maintenance_work_mem: maintenance,
      work_mem: work,
    });
  });

  it("formats sizes the way postgresql.conf reads them", () => {
    expect(formatMemory(1024 * 1024)).toBe("1GB");
    expect(formatMemory(1536 * 1024)).toBe("1536MB");
    expect(formatMemory(1310.72)).toBe("1310kB");
  });
});
