import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { resourceNamed } from "../../support/synthFixture";
import { release, synthOverSsh } from "./sector7Fixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthOverSsh();
});

describe("sector7 keeps data by default", () => {
  it("protects Longhorn's release and namespace, and retains the namespace on delete", () => {
    expect(resourceNamed(stack, "sector7-longhorn-chart").options.protect).toBe(true);
    const ns = resourceNamed(stack, "sector7-longhorn-namespace");
    expect(ns.options).toMatchObject({ protect: true, retainOnDelete: true });
  });

  it("retains the monitoring namespace, which holds Prometheus' claim", () => {
    expect(resourceNamed(stack, "sector7-monitoring-namespace").options.retainOnDelete).toBe(true);
  });

  it("retains released Longhorn volumes and keeps Velero's backups when a schedule goes", () => {
    expect(release(stack, "sector7-longhorn-chart").values.persistence.reclaimPolicy).toBe(
      "Retain",
    );
    const { schedules } = release(stack, "sector7-velero-chart").values;
    for (const schedule of Object.values(schedules) as { useOwnerReferencesInBackup: boolean }[]) {
      expect(schedule.useOwnerReferencesInBackup).toBe(false);
    }
  });

  it("never asks Velero or cert-manager to delete their CRDs", () => {
    expect(release(stack, "sector7-velero-chart").values.cleanUpCRDs).toBeUndefined();
    expect(release(stack, "sector7-cert-manager-chart").values.crds.keep).toBe(true);
  });
});
