import { describe, expect, it } from "vitest";
import { readWriteOnceRecreate as policy } from "../../policy/policies/readWriteOnceRecreate";
import { ResourceSpec, runStackPolicy, urnOf } from "./policyArgs";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";

const claim = (name: string, accessModes: unknown, namespace = "apps") => ({
  type: CLAIM,
  name: `${namespace}-${name}`,
  props: { metadata: { name, namespace }, spec: { accessModes } },
});
const deployment = (claimName: string, strategy?: unknown, namespace = "apps") => ({
  type: DEPLOYMENT,
  name: `${namespace}-web`,
  props: {
    metadata: { name: "web", namespace },
    spec: {
      ...(strategy === undefined ? {} : { strategy: { type: strategy } }),
      template: {
        spec: {
          containers: [{ name: "web", image: "x:1" }],
          volumes: [
            { name: "cfg", configMap: { name: "c" } },
            { name: "data", persistentVolumeClaim: { claimName } },
          ],
        },
      },
    },
  },
});
const messages = async (specs: ResourceSpec[]) =>
  (await runStackPolicy(policy, specs)).map((v) => `${v.urn}: ${v.message}`);

describe("kubernetes-rwo-recreate", () => {
  it("passes Recreate with a ReadWriteOnce claim, and any strategy with a shared claim", async () => {
    expect(
      await messages([claim("data", ["ReadWriteOnce"]), deployment("data", "Recreate")]),
    ).toEqual([]);
    expect(await messages([claim("data", ["ReadWriteMany"]), deployment("data")])).toEqual([]);
    expect(
      await messages([claim("data", ["ReadOnlyMany"]), deployment("data", "RollingUpdate")]),
    ).toEqual([]);
  });

  it.each([
    ["RollingUpdate", ["ReadWriteOnce"]],
    [undefined, ["ReadWriteOnce"]],
    ["RollingUpdate", ["ReadWriteOncePod"]],
    ["RollingUpdate", ["ReadWriteMany", "ReadWriteOnce"]],
  ])("fails strategy %j with a %j claim", async (strategy, modes) => {
    expect(await messages([claim("data", modes), deployment("data", strategy)])).toEqual([
      `${urnOf(DEPLOYMENT, "apps-web")}: Deployment web uses the RollingUpdate strategy while it ` +
        `mounts claim data (${modes.filter((m) => m.startsWith("ReadWriteOnce")).join(", ")}); use Recreate`,
    ]);
  });

  it("matches the claim by namespace and name", async () => {
    expect(await messages([claim("data", ["ReadWriteOnce"], "other"), deployment("data")])).toEqual(
      [],
    );
    expect(await messages([claim("other", ["ReadWriteOnce"]), deployment("data")])).toEqual([]);
    const inDefault = await messages([
      claim("data", ["ReadWriteOnce"], "default"),
      { ...deployment("data"), props: { ...deployment("data").props, metadata: { name: "web" } } },
    ]);
    expect(inDefault).toHaveLength(1);
  });

  it("names every single-attach mode of the claim", async () => {
    const found = await messages([
      claim("data", ["ReadWriteOnce", "ReadWriteOncePod"]),
      deployment("data", "RollingUpdate"),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("claim data (ReadWriteOnce, ReadWriteOncePod)");
  });

  it("takes access modes from claims only, and checks only Deployments", async () => {
    // A PersistentVolume shares the claim's name; its modes are not the claim's.
    const volume = {
      type: "kubernetes:core/v1:PersistentVolume",
      name: "pv-data",
      props: {
        metadata: { name: "data", namespace: "apps" },
        spec: { accessModes: ["ReadWriteOnce"] },
      },
    };
    expect(await messages([volume, claim("data", ["ReadWriteMany"]), deployment("data")])).toEqual(
      [],
    );
    // A StatefulSet (what the remediation suggests) has no Recreate strategy and needs none.
    const statefulSet = { ...deployment("data"), type: "kubernetes:apps/v1:StatefulSet" };
    expect(await messages([claim("data", ["ReadWriteOnce"]), statefulSet])).toEqual([]);
  });

  it("reads malformed claims and volumes without failing", async () => {
    const holes = deployment("data");
    const volumes = holes.props.spec.template.spec.volumes as unknown[];
    volumes.unshift(null, { name: "empty" });
    expect(await messages([claim("data", ["ReadWriteOnce"]), holes])).toHaveLength(1);
    expect(await messages([claim("data", "ReadWriteOnce"), deployment("data")])).toEqual([]);
    const broken = deployment("data");
    (broken.props.spec.template.spec as Record<string, unknown>).volumes = "oops";
    expect(await messages([claim("data", ["ReadWriteOnce"]), broken])).toEqual([]);
  });

  it("tells the operator the setting that fixes it", () => {
    expect(policy.remediationSteps).toContain("spec.strategy.type: Recreate");
  });
});
