import { describe, expect, it } from "vitest";
import { dockerNoSensitiveHostPaths as policy } from "../../policy/policies/dockerNoSensitiveHostPaths";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { CONTAINER, violations } from "./policyArgs";

const volume = (props: Record<string, unknown>) => ({
  type: "docker:index/volume:Volume",
  name: "vol",
  props,
});

describe("docker-no-sensitive-host-paths: volumes, services and parents", () => {
  it("checks a local volume that binds a host directory", async () => {
    expect(
      await violations(
        policy,
        volume({
          name: "archon-etc",
          driverOpts: { type: "none", o: "bind", device: "/etc/nginx" },
        }),
      ),
    ).toEqual(["volume archon-etc binds host path /etc/nginx (under /etc)"]);
    expect(
      await violations(
        policy,
        volume({ driver: "local", driverOpts: { o: "bind,ro", device: "/etc/letsencrypt" } }),
      ),
    ).toEqual([]);
    expect(
      await violations(policy, volume({ driverOpts: { o: "bind", device: "/etc/letsencrypt" } })),
    ).toEqual([
      "volume vol binds host path /etc/letsencrypt (writable; it may only be bound read-only)",
    ]);
    expect(await violations(policy, volume({ driverOpts: { o: "bind", device: "etc" } }))).toEqual([
      'volume vol binds a host directory, but its device "etc" is not an absolute path',
    ]);
    expect(
      await violations(
        policy,
        volume({ driver: "nfs", driverOpts: { o: "bind", device: "/etc" } }),
      ),
    ).toEqual([]);
    expect(await violations(policy, volume({ driverOpts: { device: "/etc" } }))).toEqual([]);
    expect(
      await violations(policy, volume({ driverOpts: { o: "bind", device: "/srv/x" } })),
    ).toEqual([]);
  });

  it("names a directory that holds a sensitive one", async () => {
    const container = (hostPath: string) => ({
      type: CONTAINER,
      name: "c",
      props: { name: "archon-c", volumes: [{ hostPath, containerPath: "/x", readOnly: true }] },
    });
    expect(await violations(policy, container("/var/lib"))).toEqual([
      "container archon-c binds host path /var/lib (it holds /var/lib/docker)",
    ]);
    // Read-only does not help a parent, even of an allowed path.
    expect(
      await violations(policy, container("/etc/ssl"), {
        sensitivePaths: ["/etc/ssl/certs"],
        readOnlyAllowedPaths: ["/etc/ssl/certs"],
      }),
    ).toEqual(["container archon-c binds host path /etc/ssl (it holds /etc/ssl/certs)"]);
  });

  it("refuses a swarm service the Docker socket, and waits for a read-only flag unknown at preview", async () => {
    const service = {
      type: "docker:index/service:Service",
      name: "agent",
      props: {
        taskSpec: {
          containerSpec: {
            image: "x:1",
            mounts: [
              { type: "bind", source: "/var/run/docker.sock", target: "/s" },
              { type: "bind", source: "relative", target: "/r" },
            ],
          },
        },
      },
    };
    expect(await violations(policy, service)).toEqual([
      'service agent: taskSpec.containerSpec.mounts[1].source "relative" is not an absolute path',
      "service agent binds host path /var/run/docker.sock (under /var/run)",
    ]);
    const later = {
      type: CONTAINER,
      name: "c",
      props: {
        volumes: [
          { hostPath: "/etc/localtime", containerPath: "/etc/localtime", readOnly: UNKNOWN_VALUE },
        ],
      },
    };
    expect(await violations(policy, later)).toEqual([]);
    expect(
      await violations(policy, {
        type: "docker:index/network:Network",
        name: "n",
        props: { volumes: [{ hostPath: "/etc" }] },
      }),
    ).toEqual([]);
  });
});
