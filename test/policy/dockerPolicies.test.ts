import { describe, expect, it } from "vitest";
import { dockerImagePinned } from "../../policy/policies/dockerImagePinned";
import { dockerLoopbackPorts } from "../../policy/policies/dockerLoopbackPorts";
import { dockerNoHostPrivileges } from "../../policy/policies/dockerNoHostPrivileges";
import { dockerNoSensitiveHostPaths } from "../../policy/policies/dockerNoSensitiveHostPaths";
import { dockerRuntimeLimits } from "../../policy/policies/dockerRuntimeLimits";
import { dockerSocketReadOnly } from "../../policy/policies/dockerSocketReadOnly";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { CONTAINER, runResourcePolicy, urnOf, violations } from "./policyArgs";

const container = (props: Record<string, unknown>, name = "app") => ({
  type: CONTAINER,
  name,
  props: { name: "app", image: "nginx:1.27.3", ...props },
});

const port = (external: number | undefined, ip?: string, internal = 80) => ({
  internal,
  ...(external === undefined ? {} : { external }),
  ...(ip === undefined ? {} : { ip }),
  protocol: "tcp",
});

describe("docker-loopback-ports", () => {
  it("passes ports bound to 127.0.0.1, another loopback address or ::1", async () => {
    const ports = [port(8080, "127.0.0.1"), port(8081, "::1", 81), port(8082, "127.0.0.2", 82)];
    expect(await violations(dockerLoopbackPorts, container({ ports }))).toEqual([]);
  });

  it("fails a port on 0.0.0.0, on a public address, without an ip, and publishAllPorts", async () => {
    const found = await runResourcePolicy(
      dockerLoopbackPorts,
      container({
        ports: [port(8080, "0.0.0.0"), port(8081, undefined, 81), port(8082, "192.168.1.5", 82)],
        publishAllPorts: true,
      }),
    );
    expect(found.map((v) => v.message)).toEqual([
      "container app sets publishAllPorts, which binds every exposed port on all interfaces",
      "container app publishes host port 8080 (container port 80) on 0.0.0.0; bind it to 127.0.0.1",
      "container app publishes host port 8081 (container port 81) on all interfaces (0.0.0.0); bind it to 127.0.0.1",
      "container app publishes host port 8082 (container port 82) on 192.168.1.5; bind it to 127.0.0.1",
    ]);
    expect(new Set(found.map((v) => v.urn))).toEqual(new Set([urnOf(CONTAINER, "app")]));
  });

  const edge = container({
    name: "archon-nginx",
    ports: [port(80, "0.0.0.0"), port(443, "", 443)],
  });

  it("lets the edge container allowed by default publish 80 and 443 on all interfaces", async () => {
    expect(await violations(dockerLoopbackPorts, edge)).toEqual([]);
  });

  it("fails the same ports on a container the config does not allow", async () => {
    expect(
      await violations(dockerLoopbackPorts, container({ ...edge.props, name: "other" })),
    ).toHaveLength(2);
    expect(await violations(dockerLoopbackPorts, edge, { edgeContainers: ["proxy"] })).toHaveLength(
      2,
    );
    expect(
      await violations(dockerLoopbackPorts, container({ ...edge.props, name: "proxy" }), {
        edgeContainers: ["proxy"],
      }),
    ).toEqual([]);
  });

  it("allows the edge only its edge ports, and takes those from config", async () => {
    const extra = container({
      name: "archon-nginx",
      ports: [port(8080, "0.0.0.0"), port(undefined, "0.0.0.0")],
    });
    expect(await violations(dockerLoopbackPorts, extra)).toEqual([
      "container archon-nginx publishes host port 8080 (container port 80) on 0.0.0.0; bind it to 127.0.0.1",
      "container archon-nginx publishes host port (a random port) (container port 80) on 0.0.0.0; bind it to 127.0.0.1",
    ]);
    expect(await violations(dockerLoopbackPorts, edge, { edgePorts: [443] })).toHaveLength(1);
  });

  it("does not trust the Pulumi name: Docker names an unnamed container itself", async () => {
    const unnamed = {
      type: CONTAINER,
      name: "archon-nginx",
      props: { image: "nginx:1.27.3", ports: [port(80)] },
    };
    expect(await violations(dockerLoopbackPorts, unnamed)).toHaveLength(1);
  });

  it("reports nothing about values unknown during preview", async () => {
    const unknownIp = container({ ports: [{ internal: 80, external: 8080, ip: UNKNOWN_VALUE }] });
    expect(await violations(dockerLoopbackPorts, unknownIp)).toEqual([]);
    const unknownPorts = container({ ports: UNKNOWN_VALUE });
    expect(await violations(dockerLoopbackPorts, unknownPorts)).toEqual([]);
    // Other ports of the same container are still checked.
    const mixed = container({
      ports: [{ internal: 80, ip: UNKNOWN_VALUE }, port(8081, "0.0.0.0", 81)],
    });
    expect(await violations(dockerLoopbackPorts, mixed)).toHaveLength(1);
  });

  it("names networks that put containers on the LAN and what swarm services publish", async () => {
    const network = (props: Record<string, unknown>) => ({
      type: "docker:index/network:Network",
      name: "lan",
      props,
    });
    expect(
      await violations(dockerLoopbackPorts, network({ name: "archon", driver: " MacVLAN " })),
    ).toEqual([
      "network archon uses the macvlan driver, which puts its containers on the host's LAN",
    ]);
    expect(await violations(dockerLoopbackPorts, network({ driver: "ipvlan" }))).toEqual([
      "network lan uses the ipvlan driver, which puts its containers on the host's LAN",
    ]);
    expect(await violations(dockerLoopbackPorts, network({ driver: 7 }))).toEqual([]);
    const service = (ports: unknown, name?: string) => ({
      type: "docker:index/service:Service",
      name: "web",
      props: { ...(name ? { name } : {}), endpointSpec: { ports } },
    });
    expect(
      await violations(
        dockerLoopbackPorts,
        service(
          [
            null,
            { targetPort: 80, publishedPort: 8080 },
            { targetPort: 443, publishedPort: 443, publishMode: "host" },
            { targetPort: 81, publishMode: "host" },
            { targetPort: 82, publishedPort: 0 },
            { targetPort: 83, publishedPort: 0, publishMode: "host" },
          ],
          "archon-web",
        ),
      ),
    ).toEqual([
      "service archon-web publishes port 8080 on every interface through the routing mesh",
      "service archon-web publishes port 443 on every interface through host mode",
      "service archon-web publishes a random host port in host mode",
      "service archon-web publishes a random host port in host mode",
    ]);
    expect(await violations(dockerLoopbackPorts, service([{ publishedPort: 80 }]))).toEqual([
      "service web publishes port 80 on every interface through the routing mesh",
    ]);
    expect(await violations(dockerLoopbackPorts, service("8080:80"))).toEqual([]);
  });

  it("reports malformed ports and publishAllPorts set to anything but false", async () => {
    expect(await violations(dockerLoopbackPorts, container({ ports: "8080:80" }))).toEqual([
      'container app ports is "8080:80", not a list',
    ]);
    expect(await violations(dockerLoopbackPorts, container({ ports: [null, 8080] }))).toEqual([
      "container app ports[0] is null, not a port",
      "container app ports[1] is 8080, not a port",
    ]);
    expect(await violations(dockerLoopbackPorts, container({ publishAllPorts: "yes" }))).toEqual([
      "container app sets publishAllPorts, which binds every exposed port on all interfaces",
    ]);
    expect(await violations(dockerLoopbackPorts, container({ publishAllPorts: false }))).toEqual(
      [],
    );
    // An IPv4 address that only starts like loopback is public.
    expect(
      await violations(dockerLoopbackPorts, container({ ports: [port(8080, "127.0.0.1.5")] })),
    ).toHaveLength(1);
    expect(
      await violations(dockerLoopbackPorts, container({ ports: [port(8080, "1127.0.0.1")] })),
    ).toHaveLength(1);
    expect(
      await violations(dockerLoopbackPorts, container({ ports: [{ internal: 80, ip: "::" }] })),
    ).toEqual([
      "container app publishes host port (a random port) (container port 80) on ::; bind it to 127.0.0.1",
    ]);
    expect(
      await violations(dockerLoopbackPorts, container({ ports: [{ ip: "0.0.0.0" }] })),
    ).toEqual([
      "container app publishes host port (a random port) (container port ?) on 0.0.0.0; bind it to 127.0.0.1",
    ]);
  });

  it("waits for edge ports unknown at preview, and matches edge images by repository", async () => {
    const edgeWith = (ports: unknown[], image = "nginx:1.27.3") =>
      container({ name: "archon-nginx", image, ports });
    expect(
      await violations(
        dockerLoopbackPorts,
        edgeWith([{ internal: UNKNOWN_VALUE, external: 80, ip: "0.0.0.0" }]),
      ),
    ).toEqual([]);
    expect(
      await violations(
        dockerLoopbackPorts,
        edgeWith([{ internal: 80, external: UNKNOWN_VALUE, ip: "0.0.0.0" }]),
      ),
    ).toEqual([]);
    // The same unknowns earn nothing on a container that is not the edge.
    expect(
      await violations(
        dockerLoopbackPorts,
        container({ ports: [{ internal: 80, external: UNKNOWN_VALUE, ip: "0.0.0.0" }] }),
      ),
    ).toHaveLength(1);
    expect(
      await violations(
        dockerLoopbackPorts,
        edgeWith([port(80, "0.0.0.0")], "docker.io/library/nginx:1.27.3"),
      ),
    ).toEqual([]);
    expect(
      await violations(dockerLoopbackPorts, edgeWith([port(80, "0.0.0.0")], "caddy:2.8.4"), {
        edgeImages: ["docker.io/library/caddy"],
      }),
    ).toEqual([]);
    expect(
      await violations(dockerLoopbackPorts, edgeWith([port(80, "0.0.0.0")], UNKNOWN_VALUE)),
    ).toHaveLength(1);
    expect(
      await violations(
        dockerLoopbackPorts,
        edgeWith([{ internal: 80, external: "80", ip: "0.0.0.0" }]),
      ),
    ).toHaveLength(1);
  });

  it("ignores other resource types", async () => {
    expect(
      await violations(dockerLoopbackPorts, {
        type: "docker:index/network:Network",
        props: { ports: [{ ip: "0.0.0.0", external: 1 }] },
      }),
    ).toEqual([]);
  });
});

describe("docker-no-host-privileges", () => {
  it("passes an ordinary container", async () => {
    const props = { networkMode: "bridge", privileged: false, ipcMode: "private" };
    expect(await violations(dockerNoHostPrivileges, container(props))).toEqual([]);
  });

  it("fails privileged and each host namespace", async () => {
    const found = await violations(
      dockerNoHostPrivileges,
      container({
        privileged: true,
        networkMode: "host",
        pidMode: "host",
        ipcMode: "host",
        usernsMode: "host",
      }),
    );
    expect(found).toEqual([
      "container app runs privileged",
      'container app sets networkMode "host"',
      'container app sets pidMode "host"',
      'container app sets ipcMode "host"',
      'container app sets usernsMode "host"',
    ]);
  });

  it("reports nothing about unknown values", async () => {
    const props = { privileged: UNKNOWN_VALUE, networkMode: UNKNOWN_VALUE, pidMode: "host" };
    expect(await violations(dockerNoHostPrivileges, container(props))).toEqual([
      'container app sets pidMode "host"',
    ]);
  });
});

describe("docker-socket-read-only", () => {
  const socket = (readOnly: boolean, hostPath = "/var/run/docker.sock") => ({
    volumes: [{ hostPath, containerPath: "/var/run/docker.sock", readOnly }],
  });
  const proxy = (props: Record<string, unknown> = {}) =>
    container({
      name: "archon-docker-proxy",
      image: "tecnativa/docker-socket-proxy:0.4.1",
      envs: ["CONTAINERS=1", "VERSION=1", "POST=0"],
      ...socket(true),
      ...props,
    });

  it("passes a read-only, write-less socket proxy publishing nothing, allowed by default", async () => {
    expect(await violations(dockerSocketReadOnly, proxy())).toEqual([]);
  });

  it("fails the raw socket anywhere else, read-only or not: it is root on the host", async () => {
    expect(
      await violations(dockerSocketReadOnly, container({ name: "archon-server", ...socket(true) })),
    ).toEqual([
      "container archon-server mounts the raw Docker socket (/var/run/docker.sock), which is root on the host even read-only; give it the API through a socket proxy",
    ]);
    expect(
      await violations(
        dockerSocketReadOnly,
        container({ name: "archon-mcp", ...socket(false, "/run//docker.sock") }),
      ),
    ).toHaveLength(1);
  });

  it("fails a proxy with the socket writable, writes switched on, or a published port", async () => {
    expect(await violations(dockerSocketReadOnly, proxy(socket(false)))).toEqual([
      "socket proxy archon-docker-proxy mounts /var/run/docker.sock writable; mount it read-only",
    ]);
    expect(
      await violations(dockerSocketReadOnly, proxy({ envs: ["CONTAINERS=1", "POST=1"] })),
    ).toEqual(["socket proxy archon-docker-proxy passes writes to the Docker API (POST=1)"]);
    expect(
      await violations(
        dockerSocketReadOnly,
        proxy({ ports: [{ internal: 2375, external: 2375, ip: "127.0.0.1" }] }),
      ),
    ).toEqual([
      "socket proxy archon-docker-proxy publishes a port; only containers on its internal network may reach it",
    ]);
  });

  it("takes its allowlist from config and sees bind mounts too", async () => {
    const mounted = container({
      name: "watcher",
      mounts: [{ type: "bind", source: "/run/docker.sock", target: "/s", readOnly: true }],
    });
    expect(await violations(dockerSocketReadOnly, mounted)).toHaveLength(1);
    expect(
      await violations(dockerSocketReadOnly, mounted, { socketProxyContainers: ["watcher"] }),
    ).toEqual([]);
    expect(
      await violations(dockerSocketReadOnly, proxy(), { socketProxyContainers: ["watcher"] }),
    ).toHaveLength(1);
  });

  it("reads the proxy's write switch and published ports as the proxy does", async () => {
    for (const on of ["POST=1", "POST=true", "post=Yes", "POST=on"]) {
      expect(await violations(dockerSocketReadOnly, proxy({ envs: [7, on] })), on).toEqual([
        `socket proxy archon-docker-proxy passes writes to the Docker API (${on})`,
      ]);
    }
    for (const off of ["POST=0", "POST=", "XPOST=1", "POST=10", "POSTS=1"]) {
      expect(await violations(dockerSocketReadOnly, proxy({ envs: [off] })), off).toEqual([]);
    }
    expect(await violations(dockerSocketReadOnly, proxy({ publishAllPorts: true }))).toEqual([
      "socket proxy archon-docker-proxy publishes a port; only containers on its internal network may reach it",
    ]);
    expect(
      await violations(dockerSocketReadOnly, proxy({ ports: [], publishAllPorts: false })),
    ).toEqual([]);
    // Writable only when known: a read-only flag computed in the same update is checked then.
    expect(
      await violations(
        dockerSocketReadOnly,
        proxy({
          volumes: [{ hostPath: "/run/docker.sock", containerPath: "/s", readOnly: UNKNOWN_VALUE }],
        }),
      ),
    ).toEqual([]);
    expect(
      await violations(dockerSocketReadOnly, { ...proxy(), type: "docker:index/service:Service" }),
    ).toEqual([]);
  });

  it("ignores other binds, and a name unknown at preview", async () => {
    expect(
      await violations(dockerSocketReadOnly, container({ ...socket(false, "/srv/data") })),
    ).toEqual([]);
    expect(
      await violations(dockerSocketReadOnly, container({ name: UNKNOWN_VALUE, ...socket(true) })),
    ).toEqual([]);
  });
});

describe("docker-no-sensitive-host-paths", () => {
  const bind = (hostPath: string, readOnly = false) =>
    container({ volumes: [{ hostPath, containerPath: "/x", readOnly }] });

  it.each(["/opt/archon/python/src", "/srv/data", "/var/backups/archon", "/etcetera"])(
    "passes %s",
    async (path) => {
      expect(await violations(dockerNoSensitiveHostPaths, bind(path))).toEqual([]);
    },
  );

  it("passes named volumes and tmpfs mounts", async () => {
    const props = {
      volumes: [{ volumeName: "data", containerPath: "/d" }],
      mounts: [{ type: "tmpfs", target: "/tmp" }],
    };
    expect(await violations(dockerNoSensitiveHostPaths, container(props))).toEqual([]);
  });

  it.each([
    ["/", "/"],
    ["/etc", "/etc"],
    ["/etc/", "/etc"],
    ["/proc/1", "/proc"],
    ["/sys", "/sys"],
    ["/boot", "/boot"],
    ["/dev/sda", "/dev"],
    ["/usr/bin", "/usr"],
    ["/lib", "/lib"],
    ["/root/.ssh", "/root"],
    ["/var/run", "/var/run"],
    ["/run/containerd/containerd.sock", "/run"],
    ["/var/lib/docker/volumes", "/var/lib/docker"],
  ])("fails %s", async (path, root) => {
    expect(await violations(dockerNoSensitiveHostPaths, bind(path))).toEqual([
      `container app binds host path ${path} (under ${root})`,
    ]);
  });

  it("fails a sensitive bind mount as well as a volume", async () => {
    const props = {
      mounts: [{ type: "bind", source: "/etc", target: "/host-etc", readOnly: true }],
    };
    expect(await violations(dockerNoSensitiveHostPaths, container(props))).toHaveLength(1);
  });

  it("leaves the Docker socket to docker-socket-read-only", async () => {
    expect(await violations(dockerNoSensitiveHostPaths, bind("/var/run/docker.sock"))).toEqual([]);
  });

  it("allows the configured paths only read-only", async () => {
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt/live/x", true)),
    ).toEqual([]);
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt/live/x", false)),
    ).toEqual([
      "container app binds host path /etc/letsencrypt/live/x (writable; it may only be bound read-only)",
    ]);
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt", true), {
        readOnlyAllowedPaths: [],
      }),
    ).toHaveLength(1);
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/pki", true), {
        readOnlyAllowedPaths: ["/etc/pki"],
      }),
    ).toEqual([]);
  });

  it("takes the sensitive directories from config", async () => {
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/home/me"), { sensitivePaths: ["/home"] }),
    ).toHaveLength(1);
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc"), { sensitivePaths: ["/home"] }),
    ).toEqual([]);
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
    const found = await violations(dockerImagePinned, container({ image }));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`image ${image}: `);
  });

  it("passes an image unknown during preview (a digest built in the same update)", async () => {
    expect(await violations(dockerImagePinned, container({ image: UNKNOWN_VALUE }))).toEqual([]);
  });

  it("checks what a RemoteImage pulls and what an Image build is tagged", async () => {
    const remote = (name: string) => ({
      type: "docker:index/remoteImage:RemoteImage",
      props: { name },
    });
    const build = (imageName: string) => ({
      type: "docker:index/image:Image",
      props: { imageName, build: { context: "." } },
    });
    expect(await violations(dockerImagePinned, remote("nginx:1.27.3"))).toEqual([]);
    expect(await violations(dockerImagePinned, remote("nginx:latest"))).toHaveLength(1);
    expect(await violations(dockerImagePinned, build("archon-server:v0.1.0"))).toEqual([]);
    expect(await violations(dockerImagePinned, build("archon-server"))).toHaveLength(1);
  });
});

describe("docker-image-pinned: where each type names its image", () => {
  it("names the resource, the input and the reason", async () => {
    expect(await violations(dockerImagePinned, container({ image: "nginx:stable" }))).toEqual([
      "app: image nginx:stable: the tag stable floats (a channel, not a version): name a version tag or a sha256 digest",
    ]);
    const service = (image: unknown) => ({
      type: "docker:index/service:Service",
      name: "web",
      props: { taskSpec: { containerSpec: { image } } },
    });
    expect(await violations(dockerImagePinned, service("nginx:alpine"))).toEqual([
      "web: taskSpec.containerSpec.image nginx:alpine: the tag alpine floats (a channel, not a version): name a version tag or a sha256 digest",
    ]);
    expect(await violations(dockerImagePinned, service("nginx:1.27.3"))).toEqual([]);
  });

  it("skips a missing image and types that name none, and reports a malformed one", async () => {
    expect(await violations(dockerImagePinned, container({ image: undefined }))).toEqual([]);
    expect(
      await violations(dockerImagePinned, { type: "docker:index/service:Service", props: {} }),
    ).toEqual([]);
    const volume = { type: "docker:index/volume:Volume", props: { name: "nginx:latest" } };
    expect(await violations(dockerImagePinned, volume)).toEqual([]);
    expect(await violations(dockerImagePinned, container({ image: 42 }))).toEqual([
      "app: image 42: 42 is not an image reference",
    ]);
    // An image ID is pinned; a string that only looks like one is checked as a reference.
    expect(
      await violations(dockerImagePinned, container({ image: `sha256:${"a".repeat(63)}` })),
    ).toHaveLength(1);
    expect(
      await violations(dockerImagePinned, container({ image: `x sha256:${"a".repeat(64)}` })),
    ).toHaveLength(1);
  });
});

describe("docker-runtime-limits", () => {
  const limited = {
    healthcheck: { tests: ["CMD", "true"], interval: "10s" },
    memory: 512,
    restart: "unless-stopped",
  };

  it("passes a container with healthcheck, memory limit and restart policy", async () => {
    expect(await violations(dockerRuntimeLimits, container(limited))).toEqual([]);
  });

  it("names each missing setting", async () => {
    expect(await violations(dockerRuntimeLimits, container({}))).toEqual([
      "container app has no healthcheck",
      "container app has no memory limit",
      "container app has restart policy no",
    ]);
    const disabled = { ...limited, healthcheck: { tests: ["NONE"] }, memory: 0, restart: "no" };
    expect(await violations(dockerRuntimeLimits, container(disabled))).toHaveLength(3);
  });

  it("asks no healthcheck of an image that cannot run one (configurable), by repository", async () => {
    const { healthcheck: _none, ...noHealthcheck } = limited;
    const rest = { ...noHealthcheck, image: "public.ecr.aws/supabase/postgrest:v13.0.7" };
    expect(await violations(dockerRuntimeLimits, container(rest))).toEqual([]);
    // Only the repository counts: a name that merely contains it is still asked.
    const lookalike = { ...noHealthcheck, image: "evil/postgrest/postgrest:1" };
    expect(await violations(dockerRuntimeLimits, container(lookalike))).toEqual([
      "container app has no healthcheck",
    ]);
    const other = { ...noHealthcheck, image: "app:1" };
    expect(
      await violations(dockerRuntimeLimits, container(other), {
        imagesWithoutHealthcheck: ["app"],
      }),
    ).toEqual([]);
  });

  it("reports nothing about settings unknown during preview", async () => {
    const unknown = { healthcheck: UNKNOWN_VALUE, memory: UNKNOWN_VALUE, restart: UNKNOWN_VALUE };
    expect(await violations(dockerRuntimeLimits, container(unknown))).toEqual([]);
  });

  it("accepts each restarting policy and a positive memory limit, and checks containers only", async () => {
    for (const restart of ["always", "unless-stopped", "on-failure"]) {
      expect(
        await violations(dockerRuntimeLimits, container({ ...limited, restart })),
        restart,
      ).toEqual([]);
    }
    expect(await violations(dockerRuntimeLimits, container({ ...limited, memory: -1 }))).toEqual([
      "container app has no memory limit",
    ]);
    expect(await violations(dockerRuntimeLimits, container({ ...limited, memory: "512" }))).toEqual(
      ["container app has no memory limit"],
    );
    expect(
      await violations(dockerRuntimeLimits, container({ ...limited, restart: "on-failure:3" })),
    ).toEqual(["container app has restart policy on-failure:3"]);
    const service = { type: "docker:index/service:Service", props: {} };
    expect(await violations(dockerRuntimeLimits, service)).toEqual([]);
    // A healthcheck that runs something, not only one that says NONE first.
    expect(
      await violations(
        dockerRuntimeLimits,
        container({ ...limited, healthcheck: { tests: ["CMD", "NONE"] } }),
      ),
    ).toEqual([]);
    const unnamed = { type: CONTAINER, name: "db", props: { ...limited, memory: 0 } };
    expect(await violations(dockerRuntimeLimits, unnamed)).toEqual([
      "container db has no memory limit",
    ]);
    expect(
      await violations(
        dockerRuntimeLimits,
        container({ ...limited, healthcheck: undefined, image: 7 }),
      ),
    ).toEqual(["container app has no healthcheck"]);
  });

  it("is advisory", () => {
    expect(dockerRuntimeLimits.enforcementLevel).toBe("advisory");
  });
});
