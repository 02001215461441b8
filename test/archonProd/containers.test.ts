import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../scripts/lib/synthesize";
import { plainInputs, resourceNamed, synthProjectStack } from "../support/synthFixture";
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
// Not in seed 000's compose file: what the operator added by hand (seeds 001 and 003).
const DAY_TWO = ["archon-backup", "archon-nginx"];
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

  it("puts every container on the archon_production network", () => {
    for (const [name, resource] of containersByName(withAgents)) {
      const networks = plainInputs(resource).networksAdvanced as { name: string }[];
      expect(
        networks.map((n) => n.name),
        name,
      ).toEqual(["archon_production"]);
    }
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
    // Seed 003's row for the default 8 GB host, not seed 000's 256MB.
    expect(settings).toMatchObject({
      shared_buffers: "2GB",
      effective_cache_size: "6GB",
      maintenance_work_mem: "512MB",
      work_mem: "10MB",
    });
    // The image's postgresql.conf preloads what it ships; a list here would replace it.
    expect(Object.keys(settings)).not.toContain("shared_preload_libraries");
    expect(Object.keys(settings)).not.toContain("session_preload_libraries");
  });
});

describe("archon-prod production defaults", () => {
  it("mounts no source and no Docker socket and runs the image's own command", () => {
    for (const name of ARCHON_CONTAINERS) {
      const inputs = plainInputs(container(stack, name));
      expect(inputs.volumes ?? [], name).toEqual([]);
      expect(inputs.command, name).toBeUndefined();
    }
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

  it("mounts the Docker socket only when asked, and then read-only", async () => {
    const socket = await synthProjectStack("archon-prod", ["archon:mountDockerSocket=true"]);
    const volumes = plainInputs(container(socket, "archon-server")).volumes;
    expect(volumes).toEqual([
      { hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock", readOnly: true },
    ]);
    for (const name of ["archon-mcp", "archon-ui"]) {
      expect(plainInputs(container(socket, name)).volumes ?? [], name).toEqual([]);
    }
  });

  it("runs from configured image references instead of a build", async () => {
    const refs = await synthProjectStack("archon-prod", [
      "archon:sourcePath=",
      "archon:serverImage=registry.example.com/archon-server:1.2.3",
      "archon:mcpImage=registry.example.com/archon-mcp:1.2.3",
      "archon:uiImage=registry.example.com/archon-ui@sha256:" + "a".repeat(64),
    ]);
    expect(refs.resources.filter((r) => r.type === "docker:index/image:Image")).toEqual([]);
    expect(plainInputs(container(refs, "archon-server")).image).toBe(
      "registry.example.com/archon-server:1.2.3",
    );
  });
});
