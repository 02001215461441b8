import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import {
  envMap,
  plainInputs,
  resourceNamed,
  synthProjectStack,
  synthRejection,
} from "../../support/synthFixture";
import { container, containersByName } from "./archonProdFixture";

// Seed 000's compose file and seed 003's port table, restated independently of the code.
const SEED_IMAGES: Record<string, string> = {
  "archon-postgres": "public.ecr.aws/supabase/postgres:17.6.1.017",
  "archon-rest": "public.ecr.aws/supabase/postgrest:v13.0.7",
  "archon-kong": "public.ecr.aws/supabase/kong:2.8.1",
  "archon-meta": "public.ecr.aws/supabase/postgres-meta:v0.91.7",
  "archon-studio": "public.ecr.aws/supabase/studio:2025.10.09-sha-433e578",
};
const SEED_PORTS: Record<string, [number, number][]> = {
  "archon-kong": [[54321, 8000]],
  "archon-postgres": [[54322, 5432]],
  "archon-studio": [[54323, 3000]],
  "archon-server": [[8181, 8181]],
  "archon-mcp": [[8051, 8051]],
  "archon-ui": [[3737, 3737]],
  "archon-rest": [],
  "archon-meta": [],
};
// Not in seed 000's compose file: what the operator added by hand (seeds 001 and 003), and
// the proxy that gives archon-server the Docker API instead of the raw socket (issue 11).
const DAY_TWO = ["archon-backup", "archon-nginx", "archon-docker-proxy"];
const ARCHON_CONTAINERS = ["archon-server", "archon-mcp", "archon-ui"];

let stack: SynthResult;
let withAgents: SynthResult;

beforeAll(async () => {
  stack = await synthProjectStack("archon-prod");
  withAgents = await synthProjectStack("archon-prod", ["archon:agentsEnabled=true"]);
});

describe("archon-prod containers", () => {
  it("runs exactly the services of seed 000 plus backups and the edge, agents only when enabled", () => {
    expect([...containersByName(stack).keys()].sort()).toEqual(
      [...Object.keys(SEED_PORTS), ...DAY_TWO].sort(),
    );
    expect([...containersByName(withAgents).keys()].sort()).toEqual(
      [...Object.keys(SEED_PORTS), ...DAY_TWO, "archon-agents"].sort(),
    );
  });

  it("uses the seed's pinned Supabase images", () => {
    for (const [name, image] of Object.entries(SEED_IMAGES)) {
      expect(plainInputs(container(stack, name)).image, name).toBe(image);
    }
  });

  it("runs Archon from images built from the configured checkout, not latest", () => {
    for (const service of ["server", "mcp", "ui"]) {
      const build = plainInputs(resourceNamed(stack, `archon-${service}-image`));
      expect(build.imageName).toBe(`archon-${service}:v0.1.0`);
      expect(build.build.context).toMatch(/^\/opt\/archon\//);
      expect(build.skipPush).toBe(true);
      expect(plainInputs(container(stack, `archon-${service}`)).image).toMatch(
        /@sha256:[0-9a-f]{64}$/,
      );
    }
  });

  it("publishes exactly seed 003's ports, each on 127.0.0.1 only", () => {
    for (const [name, expected] of Object.entries(SEED_PORTS)) {
      const ports = (plainInputs(container(stack, name)).ports ?? []) as {
        ip: string;
        external: number;
        internal: number;
      }[];
      expect(
        ports.map((p) => [p.external, p.internal]),
        name,
      ).toEqual(expected);
      for (const port of ports) {
        expect(port.ip, name).toBe("127.0.0.1");
      }
    }
    const agents = plainInputs(container(withAgents, "archon-agents")).ports;
    expect(agents).toEqual([
      expect.objectContaining({ ip: "127.0.0.1", external: 8052, internal: 8052 }),
    ]);
  });

  it("puts every container on the archon_production network, the socket proxy apart", () => {
    for (const [name, resource] of containersByName(withAgents)) {
      const networks = plainInputs(resource).networksAdvanced as { name: string }[];
      const expected: Record<string, string[]> = {
        "archon-server": ["archon_production", "archon_docker_api"],
        "archon-docker-proxy": ["archon_docker_api"],
      };
      expect(
        networks.map((n) => n.name),
        name,
      ).toEqual(expected[name] ?? ["archon_production"]);
    }
    // Internal: no route off the host, so the proxy talks to nobody but archon-server.
    expect(plainInputs(resourceNamed(stack, "archon-docker-proxy-network")).internal).toBe(true);
    const network = plainInputs(resourceNamed(stack, "archon-network"));
    expect(network.name).toBe("archon_production");
    expect(network.driver).toBe("bridge");
    expect(network.ipamConfigs).toEqual([{ subnet: "172.21.0.0/16", ipRange: "172.21.128.0/17" }]);
  });

  it("gives Kong a fixed address outside Docker's dynamic range", () => {
    const kongNetwork = plainInputs(container(stack, "archon-kong")).networksAdvanced[0];
    expect(kongNetwork.ipv4Address).toBe("172.21.0.10");
    expect(kongNetwork.aliases).toEqual(["kong"]);
  });

  it("maps host.docker.internal to the host gateway on every Archon container (seed 001)", () => {
    for (const name of [...ARCHON_CONTAINERS, "archon-agents"]) {
      expect(plainInputs(container(withAgents, name)).hosts, name).toEqual([
        { host: "host.docker.internal", ip: "host-gateway" },
      ]);
    }
  });

  it("keeps Postgres data and its config directory (the Vault root key) on protected, retained volumes", () => {
    const mounts = plainInputs(container(stack, "archon-postgres")).volumes as {
      volumeName: string;
      containerPath: string;
    }[];
    const byPath = Object.fromEntries(mounts.map((m) => [m.containerPath, m.volumeName]));
    // The image's PGDATA, and the directory its pgsodium getkey script writes the root key to.
    expect(byPath["/var/lib/postgresql/data"]).toBe("archon_postgres_data");
    expect(byPath["/etc/postgresql-custom"]).toBe("archon_postgres_config");
    for (const [resourceName, volumeName] of [
      ["archon-supabase-postgres-data", "archon_postgres_data"],
      ["archon-supabase-postgres-config", "archon_postgres_config"],
    ]) {
      const volume = resourceNamed(stack, resourceName);
      expect(plainInputs(volume).name).toBe(volumeName);
      expect(volume.options.protect, resourceName).toBe(true);
      expect(volume.options.retainOnDelete, resourceName).toBe(true);
    }
  });

  it("starts Postgres with the image's config file first and only the tuned -c flags", () => {
    const command = plainInputs(container(stack, "archon-postgres")).command as string[];
    expect(command.slice(0, 3)).toEqual([
      "postgres",
      "-c",
      "config_file=/etc/postgresql/postgresql.conf",
    ]);
    const pairs = command.slice(3);
    expect(pairs.filter((_, i) => i % 2 === 0).every((c) => c === "-c")).toBe(true);
    const settings = Object.fromEntries(
      pairs.filter((_, i) => i % 2 === 1).map((f) => f.split(/=(.*)/s).slice(0, 2)),
    );
    // pgtune for the 2112 MiB Postgres gets on the default 8 GB host (hostResourcesConfig),
    // not seed 003's row for a host Postgres has to itself.
    expect(settings).toMatchObject({
      shared_buffers: "528MB",
      effective_cache_size: "1584MB",
      maintenance_work_mem: "132MB",
      work_mem: "2703kB",
    });
    // The image's postgresql.conf preloads what it ships; a list here would replace it.
    expect(Object.keys(settings)).not.toContain("shared_preload_libraries");
    expect(Object.keys(settings)).not.toContain("session_preload_libraries");
  });
});

describe("archon-prod production defaults", () => {
  it("runs uvicorn on src.server.main:app without --reload, as Archon's compose file does", () => {
    const server = plainInputs(container(stack, "archon-server"));
    // The image's CMD loads src.server.main:socket_app, which v1 no longer defines.
    expect(server.command).toEqual([
      "python",
      "-m",
      "uvicorn",
      "src.server.main:app",
      "--host",
      "0.0.0.0",
      "--port",
      "8181",
    ]);
    for (const name of ["archon-mcp", "archon-ui"]) {
      expect(plainInputs(container(stack, name)).command, name).toBeUndefined();
      expect(plainInputs(container(stack, name)).volumes ?? [], name).toEqual([]);
    }
  });

  it("mounts only the checkout's migration folder, read-only, where Archon looks for it", () => {
    expect(plainInputs(container(stack, "archon-server")).volumes).toEqual([
      { hostPath: "/opt/archon/migration", containerPath: "/app/migration", readOnly: true },
    ]);
  });

  it("dev mode adds source mounts and uvicorn --reload", async () => {
    const dev = await synthProjectStack("archon-prod", ["archon:devMode=true"]);
    const server = plainInputs(container(dev, "archon-server"));
    expect(server.command).toContain("--reload");
    expect(server.volumes).toContainEqual({
      hostPath: "/opt/archon/python/src",
      containerPath: "/app/src",
    });
    const ui = plainInputs(container(dev, "archon-ui"));
    expect(ui.volumes).toContainEqual({
      hostPath: "/opt/archon/archon-ui-main/src",
      containerPath: "/app/src",
    });
  });

  it("gives archon-server the Docker API only through the read-only socket proxy", () => {
    for (const [name, resource] of containersByName(withAgents)) {
      const sockets = ((plainInputs(resource).volumes ?? []) as { hostPath?: string }[]).filter(
        (v) => v.hostPath?.endsWith("docker.sock"),
      );
      expect(sockets.length, name).toBe(name === "archon-docker-proxy" ? 1 : 0);
    }
    const proxy = plainInputs(container(stack, "archon-docker-proxy"));
    expect(proxy.image).toBe("tecnativa/docker-socket-proxy:0.4.1");
    expect(proxy.ports ?? []).toEqual([]);
    const env = envMap(container(stack, "archon-docker-proxy"));
    // Only what docker-py's containers.get needs: /version on connect, then /containers/…
    expect(Object.keys(env).filter((k) => env[k] === "1")).toEqual(["CONTAINERS", "VERSION"]);
    expect(env.POST).toBe("0");
    expect(env.EVENTS).toBe("0");
    expect(envMap(container(stack, "archon-server")).DOCKER_HOST).toBe(
      "tcp://archon-docker-proxy:2375",
    );
  });

  it("refuses the removed raw-socket switch, and can leave the proxy out", async () => {
    const { error, registered } = await synthRejection("archon-prod", [
      "archon:mountDockerSocket=true",
    ]);
    expect(error.message).toContain('archon:mountDockerSocket: "true" is invalid');
    expect(error.message).toContain("root on the host");
    expect(registered).toBe(0);
    const off = await synthProjectStack("archon-prod", ["archon:dockerProxyEnabled=false"]);
    expect(containersByName(off).has("archon-docker-proxy")).toBe(false);
    expect(envMap(container(off, "archon-server")).DOCKER_HOST).toBeUndefined();
  });

  it("runs from configured image references instead of a build", async () => {
    const refs = await synthProjectStack("archon-prod", [
      "archon:sourcePath=",
      "archon:migrationPath=/srv/archon-release/migration",
      "archon:serverImage=registry.example.com/archon-server:1.2.3",
      "archon:mcpImage=registry.example.com/archon-mcp:1.2.3",
      "archon:uiImage=registry.example.com/archon-ui@sha256:" + "a".repeat(64),
    ]);
    expect(refs.resources.filter((r) => r.type === "docker:index/image:Image")).toEqual([]);
    expect(plainInputs(container(refs, "archon-server")).image).toBe(
      "registry.example.com/archon-server:1.2.3",
    );
    expect(plainInputs(container(refs, "archon-server")).volumes).toEqual([
      {
        hostPath: "/srv/archon-release/migration",
        containerPath: "/app/migration",
        readOnly: true,
      },
    ]);
    // No checkout: nothing to verify against archon:sourceRef.
    expect(refs.resources.some((r) => r.name === "archon-source-verify")).toBe(false);
  });

  it("refuses image references without a migration folder: nothing else could create the schema", async () => {
    const { error, registered } = await synthRejection("archon-prod", [
      "archon:sourcePath=",
      "archon:serverImage=registry.example.com/archon-server:1.2.3",
      "archon:mcpImage=registry.example.com/archon-mcp:1.2.3",
      "archon:uiImage=registry.example.com/archon-ui:1.2.3",
    ]);
    expect(error.message).toContain("archon:migrationPath");
    expect(error.message).toContain("Archon's schema");
    expect(registered).toBe(0);
  });
});
