import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  ArchonProdConfig,
  dynamicRangeOf,
  loadArchonProdConfig,
} from "../../../stacks/archonProd/archonProdConfig";
import { parseIpv4Cidr } from "../../../components/toolbox/network/ipv4";
import { invalid, loadAlone } from "../../support/configAlone";
import { unwrap } from "../../support/unwrap";

/**
 * archon-prod's own keys (network:*, supabase:*, archon:* images, ports, hosts and log level)
 * read by loadArchonProdConfig alone over Pulumi.archon-prod.yaml, without a synthesis: the
 * defaults, each boundary and each refusal's exact text. An override `key=` unsets the key.
 */
function load(
  overrides: string[] = [],
  secrets: Record<string, string> = {},
): { config?: ArchonProdConfig; problems: string[] } {
  return loadAlone("archon-prod", loadArchonProdConfig, overrides, secrets);
}

const accepted = (overrides: string[] = [], secrets: Record<string, string> = {}) => {
  const { config, problems } = load(overrides, secrets);
  expect(problems).toEqual([]);
  return config!;
};

const IMAGES = [
  "archon:sourcePath=",
  "archon:serverImage=r.example.com/server:1.0.0",
  "archon:mcpImage=r.example.com/mcp:1.0.0",
  "archon:uiImage=r.example.com/ui:1.0.0",
  "archon:migrationPath=/opt/archon/migration",
];

describe("the stack's file", () => {
  it("gives the documented defaults for what it leaves unset", async () => {
    const config = accepted();
    expect(config.network).toEqual({
      name: "archon_production",
      subnet: "172.21.0.0/16",
      dynamicRange: "172.21.128.0/17",
      kongAddress: "172.21.0.10",
    });
    expect(config.supabase).toMatchObject({
      jwtSecret: undefined,
      jwtExpirySeconds: 3600,
      dashboardUsername: "supabase",
      postgresVolumeName: "archon_postgres_data",
      postgresConfigVolumeName: "archon_postgres_config",
    });
    expect(config.archon).toMatchObject({
      images: { kind: "build", sourcePath: "/opt/archon", tag: "v0.1.0" },
      agentsEnabled: false,
      devMode: false,
      publicHost: "archon.nexorithm.io",
      logLevel: "INFO",
      openaiApiKey: undefined,
      logfireToken: undefined,
    });
    expect(config.dockerHost).toBeUndefined();
    expect(config.publicAddress).toBeUndefined();
    expect(config.certbot).toBeUndefined();
    expect(config.offsite).toBeUndefined();
    // The containers outside Supabase and Archon that run by default: backups, the edge's
    // nginx and the Docker socket proxy.
    expect(Object.keys(config.resources.otherMemoryMb).sort()).toEqual([
      "backup",
      "dockerProxy",
      "nginx",
    ]);
  });

  it("takes each setting from its own key", async () => {
    const config = accepted(
      [
        "supabase:kongPort=18000",
        "supabase:postgresPort=15432",
        "supabase:studioPort=13000",
        "archon:serverPort=18181",
        "archon:mcpPort=18051",
        "archon:uiPort=13737",
        "archon:agentsPort=18052",
        "archon:devMode=true",
        "archon:logLevel=DEBUG",
        "supabase:jwtExpirySeconds=60",
        "supabase:dashboardUsername=admin",
        "network:name=net1",
        "supabase:postgresVolumeName=pgdata",
        "supabase:postgresConfigVolumeName=pgconfig",
        "edge:publicAddress=203.0.113.10",
        "docker:host=unix:///run/docker.sock",
      ],
      {
        "supabase:jwtSecret": "x".repeat(32),
        "archon:openaiApiKey": "sk-test",
        "archon:logfireToken": "logfire-token",
      },
    );
    expect(config.supabase.hostPorts).toEqual({ kong: 18000, postgres: 15432, studio: 13000 });
    expect(config.archon.ports).toEqual({ server: 18181, mcp: 18051, ui: 13737, agents: 18052 });
    expect(config.archon).toMatchObject({ devMode: true, logLevel: "DEBUG" });
    expect(config.supabase).toMatchObject({
      jwtExpirySeconds: 60,
      dashboardUsername: "admin",
      postgresVolumeName: "pgdata",
      postgresConfigVolumeName: "pgconfig",
    });
    expect(config.network.name).toBe("net1");
    expect(config.publicAddress).toBe("203.0.113.10");
    expect(config.dockerHost).toBe("unix:///run/docker.sock");
    for (const [secret, value] of [
      [config.supabase.jwtSecret, "x".repeat(32)],
      [config.archon.openaiApiKey, "sk-test"],
      [config.archon.logfireToken, "logfire-token"],
    ] as const) {
      expect(await pulumi.isSecret(secret!)).toBe(true);
      expect(await unwrap(secret!)).toBe(value);
    }
  });

  it("takes each Supabase image from its own platform:versions entry, its key over it", () => {
    const names = [
      "supabase-postgres",
      "supabase-rest",
      "supabase-kong",
      "supabase-meta",
      "supabase-studio",
    ];
    const versions = {
      images: Object.fromEntries(names.map((n) => [n, `example.com/${n}:1.0.0`])),
    };
    const { images } = accepted([`platform:versions=${JSON.stringify(versions)}`]).supabase;
    expect([images.postgres, images.rest, images.kong, images.meta, images.studio]).toEqual(
      names.map((n) => `example.com/${n}:1.0.0`),
    );
    const keys = ["postgresImage", "restImage", "kongImage", "metaImage", "studioImage"];
    const own = accepted(keys.map((k) => `supabase:${k}=own/${k.toLowerCase()}:2.0.0`)).supabase
      .images;
    expect([own.postgres, own.rest, own.kong, own.meta, own.studio]).toEqual(
      keys.map((k) => `own/${k.toLowerCase()}:2.0.0`),
    );
  });

  it("budgets memory for each optional container that runs", () => {
    const others = (overrides: string[]) =>
      Object.keys(accepted(overrides).resources.otherMemoryMb).sort();
    expect(others(["backup:enabled=false", "archon:dockerProxyEnabled=false"])).toEqual(["nginx"]);
    expect(others(["edge:mode=host", "docker:host=ssh://deploy@203.0.113.10"])).toEqual([
      "backup",
      "dockerProxy",
    ]);
    expect(
      others([
        "edge:certbot=true",
        "edge:certificateDirectory=/var/lib/archon/letsencrypt",
        "offsite:s3Url=https://s3.example.com",
        "offsite:bucket=archon-dumps",
      ]),
    ).toEqual(["backup", "certbot", "dockerProxy", "nginx", "offsite"]);
  });
});

describe("network:subnet", () => {
  it("defaults to 172.21.0.0/16", () => {
    expect(accepted(["network:subnet="]).network).toMatchObject({
      subnet: "172.21.0.0/16",
      kongAddress: "172.21.0.10",
    });
  });

  it("takes /27, not /28", () => {
    expect(accepted(["network:subnet=172.22.0.0/27"]).network).toEqual({
      name: "archon_production",
      subnet: "172.22.0.0/27",
      dynamicRange: "172.22.0.16/28",
      kongAddress: "172.22.0.10",
    });
    expect(
      load(["network:subnet=172.22.0.0/28", "network:kongAddress=172.22.0.5"]).problems,
    ).toEqual([
      invalid(
        "network:subnet",
        "172.22.0.0/28",
        "a prefix of /27 or wider (room for fixed and dynamic addresses)",
      ),
    ]);
  });

  it("refuses a public range, and Kong's address in it", () => {
    expect(load(["network:subnet=8.8.0.0/16"]).problems).toEqual([
      invalid("network:subnet", "8.8.0.0/16", "a private (RFC 1918) range such as 172.21.0.0/16"),
      invalid(
        "network:kongAddress",
        "8.8.0.10",
        "a private IP literal Archon accepts over plain http",
      ),
    ]);
  });

  it("reads Kong's address alone when the subnet does not parse", () => {
    expect(load(["network:subnet=nonsense", "network:kongAddress=172.21.0.10"]).problems).toEqual([
      invalid(
        "network:subnet",
        "nonsense",
        "an IPv4 network in CIDR notation such as 172.21.0.0/16",
      ),
    ]);
    expect(load(["network:subnet=nonsense"]).problems).toHaveLength(1);
  });
});

describe("dynamicRangeOf", () => {
  it.each([
    ["172.21.0.0/16", "172.21.128.0/17"],
    ["10.0.0.0/8", "10.128.0.0/9"],
    ["192.168.4.0/24", "192.168.4.128/25"],
    ["172.22.0.32/27", "172.22.0.48/28"],
  ])("is the upper half of %s: %s", (subnet, half) => {
    expect(dynamicRangeOf(parseIpv4Cidr(subnet)!).text).toBe(half);
  });
});

describe("network:kongAddress", () => {
  const RULE =
    "an address in the lower half of network:subnet 172.21.0.0/16 (the upper half, " +
    "172.21.128.0/17, is for dynamic addresses), not the network address or the gateway 172.21.0.1";

  it("defaults to the subnet's tenth host", () => {
    expect(accepted(["network:subnet=192.168.77.0/24"]).network.kongAddress).toBe("192.168.77.10");
  });

  it.each(["172.21.0.2", "172.21.127.255", "172.21.64.1"])("accepts %s", (address) => {
    expect(accepted([`network:kongAddress=${address}`]).network.kongAddress).toBe(address);
  });

  it.each(["172.21.0.0", "172.21.0.1", "172.21.128.0", "172.21.255.254", "172.22.0.10"])(
    "refuses %s, naming the halves and the gateway",
    (address) => {
      expect(load([`network:kongAddress=${address}`]).problems).toEqual([
        invalid("network:kongAddress", address, RULE),
      ]);
    },
  );
});

describe("supabase:jwtSecret", () => {
  it("takes 32 characters, not 31, never echoing it", () => {
    expect(accepted([], { "supabase:jwtSecret": "a".repeat(32) }).supabase.jwtSecret).toBeDefined();
    expect(load([], { "supabase:jwtSecret": "a".repeat(31) }).problems).toEqual([
      invalid(
        "supabase:jwtSecret",
        "<secret of 31 characters>",
        "at least 32 characters; generate one with `openssl rand -base64 48`",
      ),
    ]);
  });

  it("refuses the demo secret by name", () => {
    expect(
      load([], {
        "supabase:jwtSecret": "super-secret-jwt-token-with-at-least-32-characters-long",
      }).problems,
    ).toEqual([
      invalid(
        "supabase:jwtSecret",
        "<the publicly known Supabase demo secret>",
        "a secret of your own; generate one with `openssl rand -base64 48`",
      ),
    ]);
  });
});

describe("supabase:jwtExpirySeconds and supabase:dashboardUsername", () => {
  it("take 60 to 604800 seconds", () => {
    expect(accepted(["supabase:jwtExpirySeconds=604800"]).supabase.jwtExpirySeconds).toBe(604800);
    for (const value of ["59", "604801"]) {
      expect(load([`supabase:jwtExpirySeconds=${value}`]).problems).toEqual([
        invalid("supabase:jwtExpirySeconds", value, "a whole number from 60 to 604800"),
      ]);
    }
  });

  it.each(["a", "Admin.user_1-x", "a".repeat(64)])("accept the Studio user %s", (user) => {
    expect(accepted([`supabase:dashboardUsername=${user}`]).supabase.dashboardUsername).toBe(user);
  });

  it.each(["a".repeat(65), "ad min", "ad:min", "admin@x"])("refuse the Studio user %j", (user) => {
    expect(load([`supabase:dashboardUsername=${user}`]).problems).toEqual([
      invalid(
        "supabase:dashboardUsername",
        user,
        "1 to 64 letters, digits, . _ or - (it becomes an htpasswd user: no colon, no spaces)",
      ),
    ]);
  });
});

describe("host ports", () => {
  it("must differ, the agents' only while they run", () => {
    expect(accepted(["archon:agentsPort=8181"]).archon.ports.agents).toBe(8181);
    expect(load(["archon:agentsEnabled=true", "archon:agentsPort=8181"]).problems).toEqual([
      invalid("archon:agentsPort", 8181, "a host port not already taken by archon:serverPort"),
    ]);
  });

  it.each([
    "supabase:kongPort",
    "supabase:postgresPort",
    "supabase:studioPort",
    "archon:serverPort",
    "archon:mcpPort",
    "archon:uiPort",
    "archon:agentsPort",
  ])("%s takes 1 to 65535", (key) => {
    expect(load([`${key}=0`]).problems).toEqual([
      invalid(key, "0", "a whole number from 1 to 65535"),
    ]);
  });
});

describe("archon images or a checkout", () => {
  it("builds from a checkout with the tag given, local by default", () => {
    expect(accepted(["archon:imageTag="]).archon.images).toEqual({
      kind: "build",
      sourcePath: "/opt/archon",
      tag: "local",
    });
  });

  it.each(["v0.1.0", "_a", "A", "a".repeat(128), "1.0-rc_1"])("takes the tag %s", (tag) => {
    expect(accepted([`archon:imageTag=${tag}`]).archon.images).toMatchObject({ tag });
  });

  it.each(["latest", ".a", "-a", "a".repeat(129), "a/b", "a:b"])("refuses the tag %j", (tag) => {
    expect(load([`archon:imageTag=${tag}`]).problems).toEqual([
      invalid("archon:imageTag", tag, "a Docker tag other than latest, such as v0.1.0"),
    ]);
  });

  it("refuses a relative checkout path", () => {
    expect(load(["archon:sourcePath=opt/archon"]).problems).toEqual([
      invalid("archon:sourcePath", "opt/archon", "an absolute path to a checkout of Archon"),
    ]);
  });

  it("refuses images beside a checkout, naming the first given", () => {
    expect(
      load(["archon:mcpImage=r.example.com/mcp:1.0.0", "archon:uiImage=r.example.com/ui:1.0.0"])
        .problems,
    ).toEqual([
      invalid(
        "archon:mcpImage",
        "r.example.com/mcp:1.0.0",
        "unset when archon:sourcePath is set (build from source or use images, not both)",
      ),
    ]);
  });

  it("takes images without a checkout, the agents' only when they run", () => {
    expect(accepted(IMAGES).archon.images).toEqual({
      kind: "registry",
      references: {
        server: "r.example.com/server:1.0.0",
        mcp: "r.example.com/mcp:1.0.0",
        ui: "r.example.com/ui:1.0.0",
        agents: undefined,
      },
    });
    expect(load([...IMAGES, "archon:agentsEnabled=true"]).problems).toEqual([
      invalid(
        "archon:sourcePath",
        undefined,
        "the path of an Archon checkout to build from, or else pinned image references in " +
          "archon:agentsImage",
      ),
    ]);
  });

  it("names every image missing", () => {
    expect(load(["archon:sourcePath=", "archon:migrationPath=/m"]).problems).toEqual([
      invalid(
        "archon:sourcePath",
        undefined,
        "the path of an Archon checkout to build from, or else pinned image references in " +
          "archon:serverImage, archon:mcpImage, archon:uiImage",
      ),
    ]);
  });

  it("allows dev mode only with a checkout", () => {
    expect(load([...IMAGES, "archon:devMode=true"]).problems).toEqual([
      invalid(
        "archon:devMode",
        "true",
        "false unless archon:sourcePath is set (dev mode mounts the source)",
      ),
    ]);
  });
});

describe("archon:allowedHosts", () => {
  it("defaults to the public host and the loopback names", () => {
    expect(
      accepted(["archon:allowedHosts=", "archon:publicHost=archon.example.com"]).archon
        .allowedHosts,
    ).toEqual(["archon.example.com", "localhost", "127.0.0.1"]);
  });

  it("is a comma-separated list, spaces trimmed", () => {
    expect(
      accepted([`archon:allowedHosts=a.example.com , 10.0.0.1,B-1,${"a".repeat(253)}`]).archon
        .allowedHosts,
    ).toEqual(["a.example.com", "10.0.0.1", "B-1", "a".repeat(253)]);
  });

  it.each(["a b", "a,,b", "-a", ".a", "a_b", "a".repeat(254), "a,"])("refuses %j", (raw) => {
    expect(load([`archon:allowedHosts=${raw}`]).problems).toEqual([
      invalid(
        "archon:allowedHosts",
        raw,
        "a comma-separated list of host names or IPv4 addresses, such as archon.example.com,localhost",
      ),
    ]);
  });
});

describe("archon:publicHost and archon:logLevel", () => {
  it("default to localhost and INFO", () => {
    expect(
      accepted(["archon:publicHost=", "archon:allowedHosts=", "edge:mode=none"]).archon,
    ).toMatchObject({
      publicHost: "localhost",
      allowedHosts: ["localhost", "localhost", "127.0.0.1"],
    });
  });

  it.each(["DEBUG", "INFO", "WARNING", "ERROR"])("take the level %s", (level) => {
    expect(accepted([`archon:logLevel=${level}`]).archon.logLevel).toBe(level);
  });

  it("refuses another level", () => {
    expect(load(["archon:logLevel=debug"]).problems).toEqual([
      invalid("archon:logLevel", "debug", "one of DEBUG, INFO, WARNING, ERROR"),
    ]);
  });
});
