import { describe, expect, it } from "vitest";
import { dockerNoHostPrivileges as policy } from "../../policy/policies/dockerNoHostPrivileges";
import { CONTAINER, violations } from "./policyArgs";

const container = (props: Record<string, unknown>) => ({
  type: CONTAINER,
  name: "tool",
  props: { name: "archon-tool", image: "x:1", ...props },
});

describe("docker-no-host-privileges", () => {
  it("names every privilege a container takes from the host", async () => {
    expect(
      await violations(
        policy,
        container({
          privileged: true,
          networkMode: " HOST ",
          pidMode: "host",
          ipcMode: "private",
          usernsMode: "host",
          cgroupnsMode: 1,
          capabilities: { adds: ["cap_sys_admin", "NET_BIND_SERVICE", "CAP_NET_BIND_SERVICE", 5] },
          securityOpts: [
            "no-new-privileges",
            "seccomp = unconfined",
            "label:disable",
            "apparmor=docker-default",
            3,
          ],
          devices: [{ hostPath: "/dev/nvidia0" }, "/dev/fuse"],
        }),
      ),
    ).toEqual([
      "container archon-tool runs privileged",
      'container archon-tool sets networkMode "host"',
      'container archon-tool sets pidMode "host"',
      'container archon-tool sets usernsMode "host"',
      "container archon-tool sets cgroupnsMode to 1, not a mode name",
      "container archon-tool adds capability cap_sys_admin",
      "container archon-tool adds capability 5, not a name",
      'container archon-tool sets security option "seccomp = unconfined"',
      'container archon-tool sets security option "label:disable"',
      "container archon-tool sets security option 3",
      "container archon-tool gets host devices /dev/nvidia0, /dev/fuse",
    ]);
  });

  it("treats a privileged flag that is not a boolean as privileged, and passes false", async () => {
    expect(await violations(policy, container({ privileged: "true" }))).toEqual([
      'container archon-tool sets privileged to "true", not a boolean: treated as privileged',
    ]);
    expect(
      await violations(policy, container({ privileged: false, devices: [], securityOpts: "x" })),
    ).toEqual([]);
    expect(await violations(policy, container({ capabilities: { adds: "SYS_ADMIN" } }))).toEqual([
      'container archon-tool capabilities.adds is "SYS_ADMIN", not a list',
    ]);
    expect(
      await violations(policy, container({ capabilities: { adds: ["NET_ADMIN"] } }), {
        allowedCapabilities: ["cap_net_admin"],
      }),
    ).toEqual([]);
    for (const option of ["apparmor:unconfined", "systempaths=unconfined", "LABEL=DISABLE"]) {
      expect(await violations(policy, container({ securityOpts: [option] })), option).toHaveLength(
        1,
      );
    }
    for (const option of ["seccomp=unconfined-not", "xapparmor=unconfined", "label=disabled"]) {
      expect(await violations(policy, container({ securityOpts: [option] })), option).toEqual([]);
    }
  });

  it("checks swarm services and plugins, and nothing else", async () => {
    const service = {
      type: "docker:index/service:Service",
      name: "agent",
      props: { taskSpec: { containerSpec: { image: "x:1", capAdds: ["SYS_PTRACE"] } } },
    };
    expect(await violations(policy, service)).toEqual(["service agent adds capability SYS_PTRACE"]);
    const plugin = (props: Record<string, unknown>) => ({
      type: "docker:index/plugin:Plugin",
      name: "p",
      props,
    });
    expect(
      await violations(
        policy,
        plugin({
          name: "vieux/sshfs",
          grantAllPermissions: true,
          grantPermissions: [{ name: "network", values: ["host"] }],
        }),
      ),
    ).toEqual([
      "plugin vieux/sshfs is granted all the permissions it asks for",
      "plugin vieux/sshfs is granted host permissions (grantPermissions)",
    ]);
    expect(await violations(policy, plugin({ grantAllPermissions: "yes" }))).toEqual([
      "plugin p is granted all the permissions it asks for",
    ]);
    expect(
      await violations(policy, plugin({ grantAllPermissions: false, grantPermissions: [] })),
    ).toEqual([]);
    const volume = { type: "docker:index/volume:Volume", name: "v", props: { privileged: true } };
    expect(await violations(policy, volume)).toEqual([]);
  });
});
