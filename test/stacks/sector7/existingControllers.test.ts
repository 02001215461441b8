import * as fs from "fs";
import * as path from "path";
import * as kubernetes from "@pulumi/kubernetes";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { policies } from "../../../policy/allPolicies";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { runPack, specFromRecorded } from "../../policy/policyArgs";
import { runPlan } from "../../support/commandRun";
import {
  plainInputs,
  PROJECT_DIR,
  resourceNamed,
  resourcesOfType,
  synthProjectStack,
  synthProjectStackAgain,
} from "../../support/synthFixture";
import { outputs, RELEASE } from "./sector7Fixture";

// Seed 004, phase 1 keeps cert-manager and ingress-nginx running: with both install keys false
// the stack must install neither chart nor their namespaces, and still give the rest of the
// cluster its issuers, its ingress class and its address.

const EXISTING = ["ingress:install=false", "certManager:install=false"];
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const NAMESPACE = "kubernetes:core/v1:Namespace";

let installed: SynthResult;
let existing: SynthResult;

beforeAll(async () => {
  installed = await synthProjectStack("sector7");
  existing = await synthProjectStack("sector7", EXISTING);
});

afterEach(() => vi.restoreAllMocks());

const releaseNames = (s: SynthResult) => resourcesOfType(s, RELEASE).map((r) => r.name);
const namespaceNames = (s: SynthResult) =>
  resourcesOfType(s, NAMESPACE).map((r) => plainInputs(r).metadata.name as string);

describe("sector7 with the controllers that already run", () => {
  it("installs neither chart nor their namespaces", () => {
    expect(releaseNames(installed)).toEqual(
      expect.arrayContaining(["sector7-ingress-chart", "sector7-cert-manager-chart"]),
    );
    expect(releaseNames(existing)).not.toContain("sector7-ingress-chart");
    expect(releaseNames(existing)).not.toContain("sector7-cert-manager-chart");
    expect(namespaceNames(installed)).toEqual(
      expect.arrayContaining(["ingress-nginx", "cert-manager"]),
    );
    expect(namespaceNames(existing)).not.toContain("ingress-nginx");
    expect(namespaceNames(existing)).not.toContain("cert-manager");
  });

  it("still creates both ClusterIssuers, solving through the same ingress class", () => {
    const issuers = (s: SynthResult) =>
      resourcesOfType(s, CLUSTER_ISSUER).map((r) => plainInputs(r));
    expect(
      issuers(existing)
        .map((i) => i.metadata.name)
        .sort(),
    ).toEqual(["letsencrypt-prod", "letsencrypt-staging"]);
    expect(issuers(existing).map((i) => i.spec)).toEqual(issuers(installed).map((i) => i.spec));
  });

  it("reads the running controller's IngressClass instead of creating one", async () => {
    // Fresh runs: the shared results of beforeAll were synthesized before the spy existed.
    const get = vi.spyOn(kubernetes.networking.v1.IngressClass, "get");
    await synthProjectStackAgain("sector7", EXISTING);
    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0][1]).toBe(outputs(existing).ingressClassName);
    get.mockClear();
    await synthProjectStackAgain("sector7");
    expect(get).not.toHaveBeenCalled();
  });

  it("puts the running controller's Service on the pool address, as seed 004's phase 2.3 patch", () => {
    const patch = plainInputs(
      resourceNamed(existing, "sector7-ingress-service", "kubernetes:core/v1:ServicePatch"),
    );
    const [namespace, name] = (outputs(existing).ingressService as string).split("/");
    expect(patch.metadata).toMatchObject({ name, namespace });
    expect(patch.spec.type).toBe("LoadBalancer");
    expect(patch.metadata.annotations["metallb.io/loadBalancerIPs"]).toBe(
      outputs(existing).loadBalancerIp,
    );
    expect(patch.metadata.annotations["metallb.io/address-pool"]).toBe(
      outputs(existing).metallbPool.name,
    );
    // Removing the patch from the program must not turn the entry point back into NodePort.
    expect(resourceNamed(existing, "sector7-ingress-service").options.retainOnDelete).toBe(true);
    expect(installed.resources.map((r) => r.name)).not.toContain("sector7-ingress-service");
  });

  it("leaves everything else as it was", () => {
    const others = (s: SynthResult) =>
      s.resources
        .filter((r) => !/^sector7-(ingress|cert-manager)(-|$)/.test(r.name))
        .map((r) => `${r.type} ${r.name}`)
        .sort();
    expect(others(existing)).toEqual(others(installed));
    const platformOutputs = (s: SynthResult) => {
      const { existingControllers, ...rest } = outputs(s);
      void existingControllers;
      return rest;
    };
    expect(platformOutputs(existing)).toEqual(platformOutputs(installed));
    expect(outputs(existing).existingControllers.ingress).toContain("ingress:install false");
  });

  it("prints the imports that adopt Helm-installed controllers into the same URNs", () => {
    const commands = outputs(installed).adoptionCommands as string[];
    for (const [resource, id] of [
      ["sector7-ingress-chart", "ingress-nginx/ingress-nginx"],
      ["sector7-cert-manager-chart", "cert-manager/cert-manager"],
      ["sector7-ingress-namespace", "ingress-nginx"],
      ["sector7-cert-manager-letsencrypt-prod", "letsencrypt-prod"],
    ]) {
      const record = installed.resources.find((r) => r.name === resource)!;
      const command = commands.find((c) => c.includes(` ${resource} `))!;
      expect(command).toContain(`'${record.type}' ${resource} ${id} `);
      // The parent named in the import is the parent the program gives the resource.
      expect(command).toContain(`--parent 'parent=${record.parent}'`);
      expect(command).toContain(
        `--provider 'k8s=${record.provider!.split("::").slice(0, -1).join("::")}'`,
      );
    }
  });

  it("passes the policy pack with both install keys false", async () => {
    const specs = existing.resources.map((r) => specFromRecorded(r, existing.resources));
    const config = JSON.parse(
      fs.readFileSync(path.join(PROJECT_DIR, "policy", "config", "sector7.json"), "utf8"),
    );
    const found = await runPack(policies, specs, config);
    expect(found.map((v) => `${v.policy} ${v.urn}: ${v.message}`)).toEqual([]);
  });

  it("keeps the offline plan clean with both install keys false", async () => {
    const run = await runPlan([
      "--stack",
      "sector7",
      "--policy-config",
      "policy/config/sector7.json",
      ...EXISTING.flatMap((c) => ["--config", c]),
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/^passed: stack sector7/);
  }, 240_000);
});
