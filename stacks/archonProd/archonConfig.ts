import { ArchonKind } from "../../components/archon/archonApp";
import { ArchonImageSource } from "../../components/archon/archonImages";
import { cidrContains, Ipv4Cidr, parseIpv4Cidr } from "../../components/toolbox/network/ipv4";
import { ConfigReader } from "../config/configReader";

/**
 * The Archon the contract records (docs/contracts/archon.md) were checked against:
 * coleam00/Archon, branch `archive/v1-stable`, at this commit.
 */
export const DEFAULT_ARCHON_SOURCE_REF = "c8c9e49ba85b4d84c19c03a327f844da7eb4670f";

/** archon-server's /internal/credentials/agents admits Docker addresses in 172.16.0.0/12 only. */
const ARCHON_INTERNAL_RANGE = parseIpv4Cidr("172.16.0.0/12")!;

/** Which Archon, where its schema comes from, and how it sees the MCP container. */
export interface ArchonSourceConfig {
  readonly kind: ArchonKind;
  /** The ref the checkout must have checked out; undefined with image references. */
  readonly sourceRef?: string;
  /** The `migration/` folder: read by the schema step and mounted into archon-server. */
  readonly migrationPath: string;
  /** The socket proxy for MCP status; undefined leaves it out. */
  readonly dockerProxy?: { readonly image: string };
  /** `archon:acknowledgeStoredKeyLoss`: rotating the service key may drop stored API keys. */
  readonly acknowledgeStoredKeyLoss: boolean;
}

function absolute(reader: ConfigReader, key: string, value: string): void {
  if (!value.startsWith("/") || value.split("/").includes("..")) {
    reader.fail(key, value, "an absolute path without ..");
  }
}

export function loadArchonSourceConfig(
  reader: ConfigReader,
  images: ArchonImageSource,
): ArchonSourceConfig {
  const kind = reader.oneOf<ArchonKind>(
    "archon",
    "kind",
    ["upstream", "self-authenticating"],
    "upstream",
  );

  let sourceRef: string | undefined;
  if (images.kind === "build") {
    sourceRef = reader.string("archon", "sourceRef", DEFAULT_ARCHON_SOURCE_REF);
    if (!/^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/.test(sourceRef) || sourceRef.includes("..")) {
      reader.fail(
        "archon:sourceRef",
        sourceRef,
        "a commit, tag or branch of the checkout, such as " + DEFAULT_ARCHON_SOURCE_REF,
      );
    }
  }

  const configured = reader.optionalString("archon", "migrationPath");
  let migrationPath = configured ?? "";
  if (configured !== undefined) {
    absolute(reader, "archon:migrationPath", configured);
  } else if (images.kind === "build") {
    migrationPath = `${images.sourcePath}/migration`;
  } else {
    reader.fail(
      "archon:migrationPath",
      undefined,
      "the migration/ folder of the Archon release the images were built from (absolute path), " +
        "because without a checkout nothing else can create Archon's schema",
    );
  }

  if (reader.optionalString("archon", "mountDockerSocket") !== undefined) {
    reader.fail(
      "archon:mountDockerSocket",
      reader.optionalString("archon", "mountDockerSocket"),
      "unset: the raw Docker socket is root on the host, read-only or not; archon-server now " +
        "reads MCP status through a socket proxy (archon:dockerProxyEnabled, default true)",
    );
  }
  const proxyEnabled = reader.boolean("archon", "dockerProxyEnabled", true);
  const proxyImage = reader.image(
    "archon",
    "dockerProxyImage",
    reader.versions().image("docker-socket-proxy"),
  );

  return {
    kind,
    sourceRef,
    migrationPath,
    dockerProxy: proxyEnabled ? { image: proxyImage } : undefined,
    acknowledgeStoredKeyLoss: reader.boolean("archon", "acknowledgeStoredKeyLoss", false),
  };
}

/** Archon refuses at start an OpenAI key that does not start with `sk-` (ConfigurationError). */
export function checkOpenAiKey(reader: ConfigReader, value: string | undefined): void {
  if (value !== undefined && !value.startsWith("sk-")) {
    // A secret: say what is wrong, never echo it.
    reader.fail(
      "archon:openaiApiKey",
      `<secret of ${value.length} characters not starting with sk->`,
      "an OpenAI API key starting with sk- (Archon exits at start otherwise), or unset",
    );
  }
}

/** The agents are refused (403) by the server unless their address lies in 172.16.0.0/12. */
export function checkAgentsSubnet(
  reader: ConfigReader,
  agentsEnabled: boolean,
  subnetText: string,
  subnet: Ipv4Cidr | undefined,
): void {
  if (!agentsEnabled || !subnet) {
    return;
  }
  const inside =
    subnet.prefix >= ARCHON_INTERNAL_RANGE.prefix &&
    cidrContains(ARCHON_INTERNAL_RANGE, subnet.network);
  if (!inside) {
    reader.fail(
      "network:subnet",
      subnetText,
      "a range inside 172.16.0.0/12 when archon:agentsEnabled is true: archon-server gives the " +
        "agents their credentials only from 172.16.0.0/12 addresses (else 403)",
    );
  }
}

/** moby's restricted name pattern for container and volume names (daemon/names). */
const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function dockerName(
  reader: ConfigReader,
  namespace: string,
  key: string,
  fallback: string,
): string {
  const value = reader.string(namespace, key, fallback);
  if (!DOCKER_NAME.test(value)) {
    reader.fail(
      `${namespace}:${key}`,
      value,
      "a Docker name: a letter or digit, then at least one letter, digit, _, . or -",
    );
  }
  return value;
}

/** The Docker provider accepts these daemon addresses. */
export function dockerHost(reader: ConfigReader): string | undefined {
  const value = reader.optionalString("docker", "host");
  if (value !== undefined && !/^(unix|tcp|ssh):\/\/\S+$/.test(value)) {
    reader.fail(
      "docker:host",
      value,
      "a daemon address starting with unix://, tcp:// or ssh://, or unset",
    );
  }
  return value;
}
