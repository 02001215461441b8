import { describe, expect, it } from "vitest";
import { dockerImagePinned } from "../../policy/policies/dockerImagePinned";
import { dockerLoopbackPorts } from "../../policy/policies/dockerLoopbackPorts";
import { dockerNoHostPrivileges } from "../../policy/policies/dockerNoHostPrivileges";
import { dockerNoSensitiveHostPaths } from "../../policy/policies/dockerNoSensitiveHostPaths";
import { dockerRuntimeLimits } from "../../policy/policies/dockerRuntimeLimits";
import { dockerSocketReadOnly } from "../../policy/policies/dockerSocketReadOnly";
import { CONTAINER, violations } from "./policyArgs";

const container = (props: Record<string, unknown>) => ({
  type: CONTAINER,
  props: { name: "app", image: "nginx:1.27.3", ...props },
});

describe("docker-loopback-ports", () => {
  it("passes ports bound to 127.0.0.1 and ::1", async () => {
    const ports = [
      { internal: 80, external: 8080, ip: "127.0.0.1" },
      { internal: 81, external: 8081, ip: "::1" },
    ];
    expect(await violations(dockerLoopbackPorts, container({ ports }))).toEqual([]);
  });

  it("fails a port on 0.0.0.0 or without an ip, and publishAllPorts", async () => {
    const found = await violations(
      dockerLoopbackPorts,
      container({
        ports: [
          { internal: 80, external: 8080, ip: "0.0.0.0" },
          { internal: 81, external: 8081 },
        ],
        publishAllPorts: true,
      }),
    );
    expect(found).toHaveLength(3);
    expect(found.join("\n")).toMatch(/publishAllPorts/);
    expect(found.join("\n")).toMatch(/8080 on 0\.0\.0\.0/);
    expect(found.join("\n")).toMatch(/8081 on all interfaces/);
  });

  it("lets the configured edge container publish 80 and 443 on all interfaces, and nothing else", async () => {
    const edge = {
      name: "archon-nginx",
      ports: [
        { internal: 80, external: 80, ip: "0.0.0.0" },
        { internal: 443, external: 443 },
      ],
    };
    expect(await violations(dockerLoopbackPorts, container(edge))).toEqual([]);
    expect(
      await violations(dockerLoopbackPorts, container({ ...edge, name: "other" })),
    ).toHaveLength(2);
    expect(
      await violations(dockerLoopbackPorts, container(edge), { edgeContainers: ["proxy"] }),
    ).toHaveLength(2);
    const extra = { ...edge, ports: [{ internal: 8080, external: 8080, ip: "0.0.0.0" }] };
    expect(await violations(dockerLoopbackPorts, container(extra))).toHaveLength(1);
  });

  it("ignores other resource types", async () => {
    expect(
      await violations(dockerLoopbackPorts, {
        type: "docker:index/network:Network",
        props: { ports: [{ ip: "0.0.0.0" }] },
      }),
    ).toEqual([]);
  });
});

describe("docker-no-host-privileges", () => {
  it("passes an ordinary container", async () => {
    expect(await violations(dockerNoHostPrivileges, container({ networkMode: "bridge" }))).toEqual(
      [],
    );
  });

  it("fails privileged and each host namespace", async () => {
    const found = await violations(
      dockerNoHostPrivileges,
      container({ privileged: true, networkMode: "host", pidMode: "host", ipcMode: "host" }),
    );
    expect(found).toEqual([
      "container app runs privileged",
      'container app sets networkMode "host"',
      'container app sets pidMode "host"',
      'container app sets ipcMode "host"',
    ]);
  });
});

describe("docker-socket-read-only", () => {
  const socket = (readOnly: boolean) => ({
    volumes: [
      { hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock", readOnly },
    ],
  });

  it("passes a read-only socket in an allowlisted container", async () => {
    expect(
      await violations(dockerSocketReadOnly, container({ name: "archon-server", ...socket(true) })),
    ).toEqual([]);
  });

  it("fails a writable socket, and a socket in a container not allowlisted", async () => {
    expect(
      await violations(
        dockerSocketReadOnly,
        container({ name: "archon-server", ...socket(false) }),
      ),
    ).toEqual(["container archon-server mounts /var/run/docker.sock writable; mount it read-only"]);
    expect(
      await violations(dockerSocketReadOnly, container({ name: "archon-mcp", ...socket(true) })),
    ).toHaveLength(1);
  });

  it("takes its allowlist from config and sees bind mounts too", async () => {
    const mounted = container({
      name: "watcher",
      mounts: [{ type: "bind", source: "/run/docker.sock", target: "/s", readOnly: true }],
    });
    expect(await violations(dockerSocketReadOnly, mounted)).toHaveLength(1);
    expect(
      await violations(dockerSocketReadOnly, mounted, { dockerSocketContainers: ["watcher"] }),
    ).toEqual([]);
  });
});

describe("docker-no-sensitive-host-paths", () => {
  const bind = (hostPath: string, readOnly = false) =>
    container({ volumes: [{ hostPath, containerPath: "/x", readOnly }] });

  it("passes application directories and named volumes", async () => {
    expect(await violations(dockerNoSensitiveHostPaths, bind("/opt/archon/python/src"))).toEqual(
      [],
    );
    expect(
      await violations(
        dockerNoSensitiveHostPaths,
        container({ volumes: [{ volumeName: "data", containerPath: "/d" }] }),
      ),
    ).toEqual([]);
  });

  it.each([
    "/",
    "/etc",
    "/etc/",
    "/proc/1",
    "/sys",
    "/boot",
    "/dev/sda",
    "/usr/bin",
    "/lib",
    "/root/.ssh",
  ])("fails %s", async (path) => {
    expect(await violations(dockerNoSensitiveHostPaths, bind(path))).toHaveLength(1);
  });

  it("allows configured paths only read-only", async () => {
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt/live/x", true)),
    ).toEqual([]);
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt/live/x", false)),
    ).toHaveLength(1);
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt", true), {
        readOnlyAllowedPaths: [],
      }),
    ).toHaveLength(1);
  });
});

describe("docker-image-pinned", () => {
  it.each([
    "postgres:17.6.1.017",
    "registry.example.com:5000/team/app:1.2.3",
    `app@sha256:${"a".repeat(64)}`,
    `sha256:${"b".repeat(64)}`,
  ])("passes %s", async (image) => {
    expect(await violations(dockerImagePinned, container({ image }))).toEqual([]);
  });

  it.each(["nginx", "nginx:latest", "Not A Reference"])("fails %s", async (image) => {
    expect(await violations(dockerImagePinned, container({ image }))).toHaveLength(1);
  });
});

describe("docker-runtime-limits", () => {
  it("passes a container with healthcheck, memory and restart policy", async () => {
    const props = {
      healthcheck: { tests: ["CMD", "true"] },
      memory: 512,
      restart: "unless-stopped",
    };
    expect(await violations(dockerRuntimeLimits, container(props))).toEqual([]);
  });

  it("names each missing setting", async () => {
    expect(await violations(dockerRuntimeLimits, container({}))).toEqual([
      "container app has no healthcheck",
      "container app has no memory limit",
      "container app has restart policy no",
    ]);
  });

  it("is advisory", () => {
    expect(dockerRuntimeLimits.enforcementLevel).toBe("advisory");
  });
});
