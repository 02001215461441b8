import { describe, expect, it } from "vitest";
import { readAlone } from "../../support/configAlone";
import { ArchonImageSource } from "../../../components/archon/archonImages";
import { parseIpv4Cidr } from "../../../components/toolbox/network/ipv4";
import {
  checkAgentsSubnet,
  checkOpenAiKey,
  DEFAULT_ARCHON_SOURCE_REF,
  dockerHost,
  dockerName,
  loadArchonSourceConfig,
} from "../../../stacks/archonProd/archonConfig";
import { ConfigReader } from "../../../stacks/config/configReader";

/**
 * `archon:*` source settings, `docker:host`, Docker names, the OpenAI key and the agents' subnet,
 * read without a synthesis (wiring.test.ts and containers.test.ts check what they render).
 */
function reading<T>(values: Record<string, string>, read: (reader: ConfigReader) => T) {
  return readAlone(values, read, { stack: "archon-prod" });
}

const BUILD: ArchonImageSource = { kind: "build", sourcePath: "/srv/archon", tag: "local" };
const REGISTRY: ArchonImageSource = {
  kind: "registry",
  references: { server: "r/s:1", mcp: "r/m:1", ui: "r/u:1", agents: undefined },
};
const source = (values: Record<string, string>, images: ArchonImageSource = BUILD) =>
  reading(values, (reader) => loadArchonSourceConfig(reader, images));

describe("archon:kind", () => {
  it("is upstream unless set; self-authenticating is the other", () => {
    expect(source({}).result.kind).toBe("upstream");
    expect(source({ "archon:kind": "self-authenticating" }).result.kind).toBe(
      "self-authenticating",
    );
    expect(source({ "archon:kind": "fork" }).problems).toEqual([
      'archon:kind: "fork" is invalid; expected one of upstream, self-authenticating',
    ]);
  });
});

describe("archon:sourceRef", () => {
  it("is the recorded commit for a checkout, and not read with images", () => {
    expect(source({}).result.sourceRef).toBe(DEFAULT_ARCHON_SOURCE_REF);
    expect(DEFAULT_ARCHON_SOURCE_REF).toMatch(/^[0-9a-f]{40}$/);
    expect(
      source(
        { "archon:sourceRef": "..", "archon:migrationPath": "/srv/archon/migration" },
        REGISTRY,
      ),
    ).toEqual({ result: expect.objectContaining({ sourceRef: undefined }), problems: [] });
  });

  it.each(["v1.0.0", "archive/v1-stable", "_x", "a", "A".repeat(200), "release_2.x"])(
    "accepts %s",
    (ref) => {
      expect(source({ "archon:sourceRef": ref })).toMatchObject({
        result: { sourceRef: ref },
        problems: [],
      });
    },
  );

  it.each(["A".repeat(201), "-x", ".x", "/x", "a..b", "a b", "a:b", "a~1", "a^"])(
    "refuses %s, naming the key and an example",
    (ref) => {
      expect(source({ "archon:sourceRef": ref }).problems).toEqual([
        `archon:sourceRef: ${JSON.stringify(ref)} is invalid; expected a commit, tag or branch ` +
          `of the checkout, such as ${DEFAULT_ARCHON_SOURCE_REF}`,
      ]);
    },
  );
});

describe("archon:migrationPath", () => {
  it("is the checkout's migration/ folder", () => {
    expect(source({}).result.migrationPath).toBe("/srv/archon/migration");
  });

  it("when given wins over the checkout", () => {
    expect(source({ "archon:migrationPath": "/opt/migration" })).toMatchObject({
      result: { migrationPath: "/opt/migration" },
      problems: [],
    });
  });

  it("is required with images, saying why", () => {
    expect(source({}, REGISTRY).problems).toEqual([
      "archon:migrationPath: undefined is invalid; expected the migration/ folder of the Archon " +
        "release the images were built from (absolute path), because without a checkout " +
        "nothing else can create Archon's schema",
    ]);
    expect(source({ "archon:migrationPath": "/opt/migration" }, REGISTRY)).toMatchObject({
      result: { migrationPath: "/opt/migration" },
      problems: [],
    });
  });

  it.each(["migration", "./migration", "/opt/../etc", "/opt/x/..", ".."])(
    "refuses %s: absolute, without ..",
    (path) => {
      expect(source({ "archon:migrationPath": path }).problems).toEqual([
        `archon:migrationPath: ${JSON.stringify(path)} is invalid; expected an absolute path without ..`,
      ]);
    },
  );

  it("accepts names that only contain dots", () => {
    expect(source({ "archon:migrationPath": "/opt/a..b/.migration" }).problems).toEqual([]);
  });
});

describe("the Docker socket", () => {
  it("is never mounted: archon:mountDockerSocket is refused, whatever its value", () => {
    for (const value of ["true", "false"]) {
      expect(source({ "archon:mountDockerSocket": value }).problems).toEqual([
        `archon:mountDockerSocket: "${value}" is invalid; expected unset: the raw Docker socket ` +
          "is root on the host, read-only or not; archon-server now reads MCP status through a " +
          "socket proxy (archon:dockerProxyEnabled, default true)",
      ]);
    }
  });

  it("is reached through the proxy unless archon:dockerProxyEnabled is false", () => {
    const versions = JSON.stringify({
      images: { "docker-socket-proxy": "tecnativa/docker-socket-proxy:v0.3.0" },
    });
    expect(source({ "platform:versions": versions }).result.dockerProxy).toEqual({
      image: "tecnativa/docker-socket-proxy:v0.3.0",
    });
    expect(
      source({ "archon:dockerProxyImage": "tecnativa/docker-socket-proxy:v0.4.1" }).result
        .dockerProxy,
    ).toEqual({ image: "tecnativa/docker-socket-proxy:v0.4.1" });
    expect(source({ "archon:dockerProxyEnabled": "false" }).result.dockerProxy).toBeUndefined();
  });
});

describe("archon:acknowledgeStoredKeyLoss", () => {
  it("is false unless set true", () => {
    expect(source({}).result.acknowledgeStoredKeyLoss).toBe(false);
    expect(
      source({ "archon:acknowledgeStoredKeyLoss": "true" }).result.acknowledgeStoredKeyLoss,
    ).toBe(true);
  });
});

describe("archon:openaiApiKey", () => {
  const check = (value: string | undefined) =>
    reading({}, (reader) => checkOpenAiKey(reader, value)).problems;

  it("may be unset, or a key starting with sk-", () => {
    expect(check(undefined)).toEqual([]);
    expect(check("sk-proj-abc")).toEqual([]);
  });

  it.each(["pk-abc", "sk_abc", "SK-abc", "", " sk-abc"])(
    "refuses %j without echoing it",
    (value) => {
      expect(check(value)).toEqual([
        `archon:openaiApiKey: "<secret of ${value.length} characters not starting with sk->" ` +
          "is invalid; expected an OpenAI API key starting with sk- (Archon exits at start " +
          "otherwise), or unset",
      ]);
    },
  );
});

describe("network:subnet with the agents", () => {
  const check = (enabled: boolean, text: string) =>
    reading({}, (reader) => checkAgentsSubnet(reader, enabled, text, parseIpv4Cidr(text))).problems;

  it.each(["172.16.0.0/12", "172.21.0.0/16", "172.31.255.0/24", "172.16.0.0/27"])(
    "accepts %s, inside 172.16.0.0/12",
    (subnet) => {
      expect(check(true, subnet)).toEqual([]);
    },
  );

  it.each(["172.0.0.0/11", "172.32.0.0/16", "172.15.0.0/16", "10.0.0.0/16", "192.168.0.0/24"])(
    "refuses %s, saying why the agents need it",
    (subnet) => {
      expect(check(true, subnet)).toEqual([
        `network:subnet: "${subnet}" is invalid; expected a range inside 172.16.0.0/12 when ` +
          "archon:agentsEnabled is true: archon-server gives the agents their credentials only " +
          "from 172.16.0.0/12 addresses (else 403)",
      ]);
    },
  );

  it("is not checked while the agents are off, nor when the subnet did not parse", () => {
    expect(check(false, "10.0.0.0/16")).toEqual([]);
    expect(check(true, "10.0.0.0/33")).toEqual([]);
  });
});

describe("Docker names", () => {
  const name = (value?: string) =>
    reading(value === undefined ? {} : { "network:name": value }, (reader) =>
      dockerName(reader, "network", "name", "archon-net"),
    );

  it.each(["ab", "A1", "0_.-", "archon-prod_net.1"])("accepts %s", (value) => {
    expect(name(value)).toEqual({ result: value, problems: [] });
  });

  it("defaults to the name passed", () => {
    expect(name()).toEqual({ result: "archon-net", problems: [] });
  });

  it.each(["a", "-ab", "_ab", ".ab", "a b", "a/b", "a:b", "ab "])(
    "refuses %j, naming the key and moby's rule",
    (value) => {
      expect(name(value).problems).toEqual([
        `network:name: ${JSON.stringify(value)} is invalid; expected a Docker name: a letter or ` +
          "digit, then at least one letter, digit, _, . or -",
      ]);
    },
  );
});

describe("docker:host", () => {
  const host = (value?: string) =>
    reading(value === undefined ? {} : { "docker:host": value }, dockerHost);

  it.each([
    "unix:///var/run/docker.sock",
    "tcp://docker.example.com:2376",
    "ssh://deploy@docker.example.com",
  ])("accepts %s", (value) => {
    expect(host(value)).toEqual({ result: value, problems: [] });
  });

  it("is undefined when unset", () => {
    expect(host()).toEqual({ result: undefined, problems: [] });
  });

  it.each([
    "http://docker.example.com:2375",
    "docker.example.com",
    "tcp://",
    "tcp://docker example",
    "xtcp://docker.example.com",
    "npipe:////./pipe/docker_engine",
  ])("refuses %s, naming the schemes allowed", (value) => {
    expect(host(value).problems).toEqual([
      `docker:host: ${JSON.stringify(value)} is invalid; expected a daemon address starting ` +
        "with unix://, tcp:// or ssh://, or unset",
    ]);
  });
});
