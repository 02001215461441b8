import { describe, expect, it } from "vitest";
import { requireStorageQuantity } from "../../../components/toolbox/workloads/quantity";

describe("requireStorageQuantity", () => {
  it("returns a whole number of Mi, Gi or Ti as given", () => {
    for (const size of ["1Mi", "20Gi", "2Ti", "999999Gi"]) {
      expect(requireStorageQuantity("data", size)).toBe(size);
    }
  });

  it("refuses what a claim would not take, naming the claim and the value", () => {
    for (const size of ["20GB", "0Gi", "1.5Gi", "20", "1000000Gi", ""]) {
      expect(() => requireStorageQuantity("n8n-data", size), size).toThrow(
        `n8n-data "${size}" is not a storage size such as 20Gi`,
      );
    }
  });
});
