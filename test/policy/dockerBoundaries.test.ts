/**
 * Boundaries of the Docker policies that the behaviour tests beside this file left open: found by
 * StrykerJS (`npm run mutation -- policy-docker --ignoreStatic`, docs/mutation-testing.md), each
 * case a resource that must pass or fail, named as the user would read the finding.
 */
import { describe, expect, it } from "vitest";
import { dockerEnvCredentials } from "../../policy/policies/dockerEnvCredentials";
import { dockerLoopbackPorts } from "../../policy/policies/dockerLoopbackPorts";
import { dockerNoHostPrivileges } from "../../policy/policies/dockerNoHostPrivileges";
import { dockerNoSensitiveHostPaths } from "../../policy/policies/dockerNoSensitiveHostPaths";
import { dockerRuntimeLimits } from "../../policy/policies/dockerRuntimeLimits";
import { dockerSocketReadOnly } from "../../policy/policies/dockerSocketReadOnly";
import { dockerVolumesFrom } from "../../policy/policies/dockerVolumesFrom";
import { CONTAINER, runStackPolicy, urnOf, violations } from "./policyArgs";

const SERVICE = "docker:index/service:Service";

describe("docker-env-credentials: entries without a name or a value", () => {
  const container = (envs: unknown[]) => ({
    type: CONTAINER,
    name: "server",
    props: { name: "archon-server", image: "x:1", envs },
  });

  it("treats a name without '=' as unset, whatever minimumLength says", async () => {
    // No value at all: nothing to judge, even when any value would be too short.
    expect(
      await violations(dockerEnvCredentials, container(["DB_PASSWORD", "API_TOKEN"]), {
        minimumLength: 64,
      }),
    ).toEqual([]);
  });

  it("still reads a URL password in an entry whose name is empty", async () => {
    expect(
      await violations(dockerEnvCredentials, container(["=postgres://app:root@db:5432/app"])),
    ).toEqual(["container archon-server sets  to a URL whose password is a well-known default"]);
  });
});

describe("docker-loopback-ports: loopback range, resource types and names", () => {
  const container = (props: Record<string, unknown>, name = "web") => ({
    type: CONTAINER,
    name,
    props: { image: "app:1.0.0", ...props },
  });

  it("takes every 127.x.y.z address, up to three digits a part, as loopback", async () => {
    for (const ip of ["127.10.200.1", "127.255.255.254", "127.0.0.1"]) {
      const ports = [{ internal: 80, external: 8080, ip }];
      expect(await violations(dockerLoopbackPorts, container({ name: "a", ports })), ip).toEqual(
        [],
      );
    }
    const ports = [{ internal: 80, external: 8080, ip: "127.0.0.1000" }];
    expect(await violations(dockerLoopbackPorts, container({ name: "a", ports }))).toEqual([
      "container a publishes host port 8080 (container port 80) on 127.0.0.1000; bind it to 127.0.0.1",
    ]);
  });

  it("says all interfaces for an empty ip", async () => {
    const ports = [{ internal: 80, external: 8080, ip: "" }];
    expect(await violations(dockerLoopbackPorts, container({ name: "a", ports }))).toEqual([
      "container a publishes host port 8080 (container port 80) on all interfaces (0.0.0.0); bind it to 127.0.0.1",
    ]);
  });

  it("names a container whose name is not a string by its Pulumi name", async () => {
    const ports = [{ internal: 80, external: 8080, ip: "0.0.0.0" }];
    expect(await violations(dockerLoopbackPorts, container({ name: 7, ports }))).toEqual([
      "container web publishes host port 8080 (container port 80) on 0.0.0.0; bind it to 127.0.0.1",
    ]);
  });

  it("judges no container ports on a resource that is not a container", async () => {
    for (const type of ["docker:index/volume:Volume", "docker:index/remoteImage:RemoteImage"]) {
      const other = {
        type,
        name: "x",
        props: { ports: [{ internal: 80, external: 8080, ip: "0.0.0.0" }], publishAllPorts: true },
      };
      expect(await violations(dockerLoopbackPorts, other), type).toEqual([]);
    }
  });
});

describe("docker-no-host-privileges: capability names", () => {
  it("drops only a leading CAP_: a name with CAP_ inside is another capability", async () => {
    const container = {
      type: CONTAINER,
      name: "tool",
      props: { name: "archon-tool", image: "x:1", capabilities: { adds: ["NET_CAP_ADMIN"] } },
    };
    expect(
      await violations(dockerNoHostPrivileges, container, { allowedCapabilities: ["NET_ADMIN"] }),
    ).toEqual(["container archon-tool adds capability NET_CAP_ADMIN"]);
  });
});

describe("docker-no-sensitive-host-paths: read-only exemptions", () => {
  it("exempts only paths below a sensitive directory, never one that holds it", async () => {
    const bind = (hostPath: string) => ({
      type: CONTAINER,
      name: "c",
      props: { name: "archon-c", volumes: [{ hostPath, containerPath: "/x", readOnly: true }] },
    });
    const config = { sensitivePaths: ["/srv/keys"], readOnlyAllowedPaths: ["/srv"] };
    expect(await violations(dockerNoSensitiveHostPaths, bind("/srv"), config)).toEqual([
      "container archon-c binds host path /srv (it holds /srv/keys)",
    ]);
    expect(await violations(dockerNoSensitiveHostPaths, bind("/srv/keys/tls"), config)).toEqual([]);
  });
});

describe("docker-runtime-limits: images that are no reference", () => {
  it("exempts no image it cannot read a repository from", async () => {
    const container = {
      type: CONTAINER,
      name: "rest",
      props: { name: "archon-rest", image: "Not A Reference", memory: 64, restart: "always" },
    };
    expect(await violations(dockerRuntimeLimits, container)).toEqual([
      "container archon-rest has no healthcheck",
    ]);
  });
});

describe("docker-socket-read-only: containers only", () => {
  it("leaves a swarm service's socket to docker-no-sensitive-host-paths", async () => {
    const service = {
      type: SERVICE,
      name: "agent",
      props: {
        name: "archon-agent",
        volumes: [{ hostPath: "/var/run/docker.sock", containerPath: "/s", readOnly: false }],
        taskSpec: {
          containerSpec: {
            image: "x:1",
            mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/s" }],
          },
        },
      },
    };
    expect(await violations(dockerSocketReadOnly, service)).toEqual([]);
    expect(await violations(dockerNoSensitiveHostPaths, service)).toEqual([
      "service archon-agent binds host path /var/run/docker.sock (under /var/run)",
    ]);
  });
});

describe("docker-volumes-from: sources found through outputs, and chains", () => {
  const container = (name: string, props: Record<string, unknown>, extra = {}) => ({
    type: CONTAINER,
    name,
    props: { image: "alpine:3.20", ...props },
    ...extra,
  });
  const TAKER = urnOf(CONTAINER, "taker");
  const messages = async (specs: Parameters<typeof runStackPolicy>[1]) =>
    (await runStackPolicy(dockerVolumesFrom, specs)).map((v) => `${v.urn}: ${v.message}`);

  it("judges the container a computed fromContainer came from, by its binds", async () => {
    const binder = container("binder", {
      name: "archon-binder",
      volumes: [{ hostPath: "/srv/a", containerPath: "/a" }],
    });
    const taker = container(
      "taker",
      { name: "archon-taker", volumes: [{ fromContainer: "7f3a9c" }] },
      { propertyDependencies: { volumes: [urnOf(CONTAINER, "binder")] } },
    );
    expect(await messages([binder, taker])).toEqual([
      `${TAKER}: container archon-taker takes the volumes of archon-binder, which binds host paths /srv/a`,
    ]);
  });

  it("finds a chain whatever else the source mounts, holes included", async () => {
    const middle = container("middle", {
      name: "archon-middle",
      volumes: [null, { volumeName: "own", containerPath: "/o" }, { fromContainer: "x" }],
    });
    const taker = container("taker", {
      name: "archon-taker",
      volumes: [{ fromContainer: "archon-middle" }],
    });
    expect(await messages([middle, taker])).toContain(
      `${TAKER}: container archon-taker takes the volumes of archon-middle, which takes another container's volumes itself`,
    );
  });

  it("matches a fromContainer that is not a string to no container", async () => {
    const odd = container("odd", { name: 42, volumes: [{ volumeName: "data" }] });
    const taker = container("taker", { name: "archon-taker", volumes: [{ fromContainer: 42 }] });
    expect(await messages([odd, taker])).toEqual([
      `${TAKER}: container archon-taker takes the volumes of 42, which is not a container of this program: what it inherits cannot be checked`,
    ]);
  });
});
