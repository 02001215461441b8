import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { resourceNamed, resourcesOfType } from "../../support/synthFixture";
import { COMMAND, dependsOn, synthOverSsh } from "./sector7Fixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthOverSsh();
});

const named = (name: string) => resourceNamed(stack, name);

describe("sector7 creation order", () => {
  it("installs Longhorn only after every node's prerequisites", () => {
    const prerequisites = resourcesOfType(stack, COMMAND).filter((c) =>
      c.name.startsWith("sector7-longhorn-prerequisites-"),
    );
    expect(prerequisites.map((c) => c.name).sort()).toEqual([
      "sector7-longhorn-prerequisites-aurora",
      "sector7-longhorn-prerequisites-optiplex",
    ]);
    for (const command of prerequisites) {
      expect(dependsOn(named("sector7-longhorn-chart"), command), command.name).toBe(true);
    }
  });

  it("creates MetalLB's pool and advertisement after its chart", () => {
    expect(dependsOn(named("sector7-metallb-pool"), named("sector7-metallb-chart"))).toBe(true);
    expect(dependsOn(named("sector7-metallb-l2"), named("sector7-metallb-chart"))).toBe(true);
    expect(dependsOn(named("sector7-metallb-l2"), named("sector7-metallb-pool"))).toBe(true);
  });

  it("installs the ingress controller after the pool that gives it its address", () => {
    const ingress = named("sector7-ingress-chart");
    expect(dependsOn(ingress, named("sector7-metallb-pool"))).toBe(true);
    expect(dependsOn(ingress, named("sector7-metallb-l2"))).toBe(true);
  });

  it("creates the ClusterIssuers after cert-manager", () => {
    for (const issuer of ["letsencrypt-prod", "letsencrypt-staging"]) {
      expect(
        dependsOn(named(`sector7-cert-manager-${issuer}`), named("sector7-cert-manager-chart")),
      ).toBe(true);
    }
  });

  it("uses Longhorn's CRDs and patches local-path only after the Longhorn chart", () => {
    const chart = named("sector7-longhorn-chart");
    for (const name of [
      "sector7-longhorn-recurring-snapshot",
      "sector7-longhorn-recurring-backup",
      "sector7-longhorn-local-path-not-default",
    ]) {
      expect(dependsOn(named(name), chart), name).toBe(true);
    }
  });

  it("prepares the GPU host, labels the node and ensures the RuntimeClass before the device plugin", () => {
    const plugin = named("sector7-gpu-device-plugin");
    expect(dependsOn(plugin, named("sector7-gpu-label"))).toBe(true);
    expect(dependsOn(plugin, named("sector7-gpu-runtime-class"))).toBe(true);
    expect(dependsOn(plugin, named("sector7-gpu-host-prerequisites"))).toBe(true);
    expect(dependsOn(named("sector7-gpu-label"), named("sector7-gpu-host-prerequisites"))).toBe(
      true,
    );
  });

  it("installs monitoring after Longhorn, the ingress controller and the issuers", () => {
    const monitoring = named("sector7-monitoring-chart");
    for (const name of [
      "sector7-longhorn-chart",
      "sector7-ingress-chart",
      "sector7-cert-manager-letsencrypt-prod",
      "sector7-monitoring-grafana-admin",
    ]) {
      expect(dependsOn(monitoring, named(name)), name).toBe(true);
    }
  });

  it("creates credential Secrets before the charts that read them", () => {
    expect(
      dependsOn(named("sector7-longhorn-chart"), named("sector7-longhorn-backup-credentials")),
    ).toBe(true);
    expect(dependsOn(named("sector7-velero-chart"), named("sector7-velero-credentials"))).toBe(
      true,
    );
  });

  it("creates every release in its namespace after that namespace", () => {
    for (const [chart, ns] of [
      ["sector7-metallb-chart", "sector7-metallb-namespace"],
      ["sector7-longhorn-chart", "sector7-longhorn-namespace"],
      ["sector7-ingress-chart", "sector7-ingress-namespace"],
      ["sector7-cert-manager-chart", "sector7-cert-manager-namespace"],
      ["sector7-gpu-device-plugin", "sector7-gpu-namespace"],
      ["sector7-monitoring-chart", "sector7-monitoring-namespace"],
      ["sector7-velero-chart", "sector7-velero-namespace"],
    ]) {
      expect(dependsOn(named(chart), named(ns)), chart).toBe(true);
    }
  });
});
