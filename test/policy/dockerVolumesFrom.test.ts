import { describe, expect, it } from "vitest";
import { dockerVolumesFrom as policy } from "../../policy/policies/dockerVolumesFrom";
import { CONTAINER, ResourceSpec, runStackPolicy, urnOf } from "./policyArgs";

const container = (
  name: string,
  props: Record<string, unknown>,
  extra: Partial<ResourceSpec> = {},
) => ({
  type: CONTAINER,
  name,
  props: { image: "alpine:3.20", ...props },
  ...extra,
});
const taker = (from: unknown, extra: Partial<ResourceSpec> = {}) =>
  container(
    "taker",
    { name: "archon-taker", volumes: [null, { volumeName: "own" }, { fromContainer: from }] },
    extra,
  );
const messages = async (specs: ResourceSpec[]) =>
  (await runStackPolicy(policy, specs)).map((v) => `${v.urn}: ${v.message}`);
const TAKER = urnOf(CONTAINER, "taker");

describe("docker-volumes-from", () => {
  const binder = container("binder", {
    name: "archon-binder",
    volumes: [{ hostPath: "/srv/a", containerPath: "/a" }],
    mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/s" }],
  });
  const clean = container("clean", {
    name: "archon-clean",
    volumes: [{ volumeName: "data", containerPath: "/d" }],
  });

  it("names the source and every host path it binds", async () => {
    expect(await messages([binder, taker("archon-binder")])).toEqual([
      `${TAKER}: container archon-taker takes the volumes of archon-binder, which binds host paths /srv/a, /var/run/docker.sock`,
    ]);
  });

  it("finds the source by its Docker name, its Pulumi name or its id output", async () => {
    for (const from of ["archon-clean", "clean", "clean-id"]) {
      expect(await messages([clean, taker(from)]), from).toEqual([]);
    }
    for (const from of ["binder", "binder-id"]) {
      expect(await messages([binder, taker(from)]), from).toHaveLength(1);
    }
    // Computed from another container's output: the property dependency names it.
    const computed = taker("7f3a9c", {
      propertyDependencies: { volumes: [urnOf(CONTAINER, "binder")] },
    });
    expect(await messages([binder, computed])).toHaveLength(1);
    const fromVolume = taker("7f3a9c", {
      propertyDependencies: { volumes: [urnOf("docker:index/volume:Volume", "v")] },
    });
    expect(
      await messages([{ type: "docker:index/volume:Volume", name: "v", props: {} }, fromVolume]),
    ).toEqual([
      `${TAKER}: container archon-taker takes the volumes of "7f3a9c", which is not a container of this program: what it inherits cannot be checked`,
    ]);
  });

  it("refuses a source outside the program, and a volume that is not a container's", async () => {
    expect(await messages([taker("elsewhere")])).toEqual([
      `${TAKER}: container archon-taker takes the volumes of "elsewhere", which is not a container of this program: what it inherits cannot be checked`,
    ]);
    const volumeNamed = {
      type: "docker:index/volume:Volume",
      name: "clean",
      props: { name: "clean" },
    };
    expect(await messages([volumeNamed, taker("clean")])).toHaveLength(1);
    expect(await messages([clean, taker(42)])).toEqual([
      `${TAKER}: container archon-taker takes the volumes of 42, which is not a container of this program: what it inherits cannot be checked`,
    ]);
  });

  it("refuses a chain: a source that takes another's volumes itself", async () => {
    const middle = container("middle", { volumes: [{ fromContainer: "archon-clean" }] });
    expect(await messages([clean, middle, taker("middle")])).toEqual([
      `${TAKER}: container archon-taker takes the volumes of middle, which takes another container's volumes itself`,
    ]);
  });

  it("names the taker by its Pulumi name when Docker's is not set, and passes containers that take nothing", async () => {
    const unnamed = container("taker", { volumes: [{ fromContainer: "elsewhere" }] });
    expect((await messages([unnamed]))[0]).toContain(": container taker takes the volumes of");
    expect(await messages([binder, clean, container("x", { volumes: "oops" })])).toEqual([]);
  });
});
