import * as pulumi from "@pulumi/pulumi";
import { ArchonImageSource, ArchonService } from "../../components/archon/archonImages";
import { ArchonPorts, DEFAULT_ARCHON_PORTS } from "../../components/archon/archonApp";
import { archonSupabaseUrlProblem } from "../../components/archon/archonSupabaseUrl";
import {
  cidrContains,
  formatIpv4,
  Ipv4Cidr,
  isPrivateCidr,
  isUsableHost,
  parseIpv4Cidr,
} from "../../components/toolbox/network/ipv4";
import { SUPABASE_DEMO_JWT_SECRETS } from "../../components/database/secrets/supabaseDemoSecrets";
import { SupabaseImages } from "../../components/database/images";
import {
  DEFAULT_SUPABASE_HOST_PORTS,
  SupabaseHostPorts,
} from "../../components/database/supabaseStack";
import { ConfigReader } from "../config/configReader";
import { loadSupabaseJwtTimes } from "../config/supabaseJwtTimes";
import { BackupConfig, loadBackupConfig } from "./backupConfig";
import { EdgeConfig, loadEdgeConfig } from "./edgeConfig";
import {
  ArchonSourceConfig,
  checkAgentsSubnet,
  checkOpenAiKey,
  dockerHost as loadDockerHost,
  dockerName,
  loadArchonSourceConfig,
} from "./archonConfig";
import { CertbotConfig, loadCertbotConfig, loadPublicAddress } from "./certbotConfig";
import { loadOffsiteConfig, OffsiteConfig } from "./offsiteConfig";
import { HostResources, loadHostResources } from "./hostResourcesConfig";

/** Everything the archon-prod stack needs, validated. */
export interface ArchonProdConfig {
  /** Docker daemon address for the provider; undefined uses DOCKER_HOST or the local socket. */
  readonly dockerHost?: string;
  /** Host memory, Postgres tuning and container memory limits. */
  readonly resources: HostResources;
  readonly backup: BackupConfig;
  readonly edge: EdgeConfig;
  /** Certificates from Let's Encrypt through the edge (`edge:certbot`); none: they exist. */
  readonly certbot?: CertbotConfig;
  /** Off-host copies of the dumps (`offsite:*`); none: they stay on the host. */
  readonly offsite?: OffsiteConfig;
  /** `edge:publicAddress`, for the `dnsRecords` output. */
  readonly publicAddress?: string;
  readonly network: {
    readonly name: string;
    readonly subnet: string;
    /**
     * The upper half of the subnet, from which Docker assigns dynamic addresses, so that no
     * container can take Kong's fixed address before Kong exists.
     */
    readonly dynamicRange: string;
    readonly kongAddress: string;
  };
  readonly supabase: {
    readonly jwtSecret?: pulumi.Output<string>;
    readonly jwtIssuedAt: number;
    readonly jwtExpiresAt: number;
    readonly jwtExpirySeconds: number;
    readonly dashboardUsername: string;
    readonly hostPorts: SupabaseHostPorts;
    readonly images: SupabaseImages;
    readonly postgresVolumeName: string;
    readonly postgresConfigVolumeName: string;
  };
  readonly archon: ArchonSourceConfig & {
    readonly images: ArchonImageSource;
    readonly ports: ArchonPorts;
    readonly agentsEnabled: boolean;
    readonly devMode: boolean;
    readonly publicHost: string;
    /** `VITE_ALLOWED_HOSTS`: names and addresses the UI's dev server answers to. */
    readonly allowedHosts: readonly string[];
    readonly logLevel: string;
    readonly openaiApiKey?: pulumi.Output<string>;
    readonly logfireToken?: pulumi.Output<string>;
  };
}

/** The `platform:kind` whose keys this reads. */
const KIND = "archon";

export const DEFAULT_SUBNET = "172.21.0.0/16";
/** Kong's host number inside the subnet when `network:kongAddress` is not set. */
const KONG_HOST_OFFSET = 10;
const MIN_JWT_SECRET_LENGTH = 32;
const JWT_SECRET_ADVICE = "generate one with `openssl rand -base64 48`";
const ARCHON_SERVICES: readonly ArchonService[] = ["server", "mcp", "ui", "agents"];

function checkJwtSecret(reader: ConfigReader, value: string | undefined): void {
  if (value === undefined) {
    return;
  }
  // The value is a secret: name the problem, never echo it.
  if (value.length < MIN_JWT_SECRET_LENGTH) {
    reader.fail(
      "supabase:jwtSecret",
      `<secret of ${value.length} characters>`,
      `at least ${MIN_JWT_SECRET_LENGTH} characters; ${JWT_SECRET_ADVICE}`,
    );
  } else if (SUPABASE_DEMO_JWT_SECRETS.includes(value)) {
    reader.fail(
      "supabase:jwtSecret",
      "<the publicly known Supabase demo secret>",
      `a secret of your own; ${JWT_SECRET_ADVICE}`,
    );
  }
}

/** The upper half of `subnet`, where Docker hands out addresses to containers without one. */
export function dynamicRangeOf(subnet: Ipv4Cidr): Ipv4Cidr {
  const half = 2 ** (32 - subnet.prefix - 1);
  return parseIpv4Cidr(`${formatIpv4(subnet.network + half)}/${subnet.prefix + 1}`)!;
}

function kongAddress(reader: ConfigReader, subnet: Ipv4Cidr | undefined): string {
  const fallback = subnet ? formatIpv4(subnet.network + KONG_HOST_OFFSET) : undefined;
  const address = reader.ipv4("network", "kongAddress", fallback);
  if (subnet && address !== undefined) {
    const dynamic = dynamicRangeOf(subnet);
    const gateway = subnet.first + 1;
    if (!isUsableHost(subnet, address) || address === gateway || cidrContains(dynamic, address)) {
      reader.fail(
        "network:kongAddress",
        formatIpv4(address),
        `an address in the lower half of network:subnet ${subnet.text} (the upper half, ` +
          `${dynamic.text}, is for dynamic addresses), not the network address or the ` +
          `gateway ${formatIpv4(gateway)}`,
      );
    }
  }
  return address === undefined ? "" : formatIpv4(address);
}

function archonImages(reader: ConfigReader, agentsEnabled: boolean): ArchonImageSource {
  const sourcePath = reader.optionalString("archon", "sourcePath");
  const references = Object.fromEntries(
    ARCHON_SERVICES.map((service) => [service, reader.optionalImage("archon", `${service}Image`)]),
  ) as Record<ArchonService, string | undefined>;
  const given = ARCHON_SERVICES.filter((service) => references[service] !== undefined);

  if (sourcePath !== undefined) {
    if (!sourcePath.startsWith("/")) {
      reader.fail("archon:sourcePath", sourcePath, "an absolute path to a checkout of Archon");
    }
    if (given.length > 0) {
      reader.fail(
        `archon:${given[0]}Image`,
        references[given[0]],
        "unset when archon:sourcePath is set (build from source or use images, not both)",
      );
    }
    const tag = reader.string("archon", "imageTag", "local");
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag) || tag === "latest") {
      reader.fail("archon:imageTag", tag, "a Docker tag other than latest, such as v0.1.0");
    }
    return { kind: "build", sourcePath, tag };
  }

  const needed = ARCHON_SERVICES.filter((service) => service !== "agents" || agentsEnabled);
  const missing = needed.filter((service) => references[service] === undefined);
  if (missing.length > 0) {
    reader.fail(
      "archon:sourcePath",
      undefined,
      "the path of an Archon checkout to build from, or else pinned image references in " +
        missing.map((service) => `archon:${service}Image`).join(", "),
    );
  }
  return { kind: "registry", references };
}

function allowedHosts(reader: ConfigReader, publicHost: string): string[] {
  const raw = reader.optionalString("archon", "allowedHosts");
  if (raw === undefined) {
    return [publicHost, "localhost", "127.0.0.1"];
  }
  const hosts = raw.split(",").map((h) => h.trim());
  const bad = hosts.find((h) => !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(h));
  if (bad !== undefined) {
    reader.fail(
      "archon:allowedHosts",
      raw,
      "a comma-separated list of host names or IPv4 addresses, such as archon.example.com,localhost",
    );
  }
  return hosts;
}

/**
 * Reads and validates the whole archon-prod configuration. Throws one ConfigValidationError that
 * lists every problem; nothing is registered before this returns.
 */
export function loadArchonProdConfig(stack: string): ArchonProdConfig {
  const reader = new ConfigReader(stack, KIND);
  const versions = reader.versions();

  const subnetText = reader.string("network", "subnet", DEFAULT_SUBNET);
  const subnet = reader.cidr("network", "subnet", DEFAULT_SUBNET);
  if (subnet && !isPrivateCidr(subnet)) {
    reader.fail("network:subnet", subnetText, "a private (RFC 1918) range such as 172.21.0.0/16");
  }
  if (subnet && subnet.prefix > 27) {
    reader.fail(
      "network:subnet",
      subnetText,
      "a prefix of /27 or wider (room for fixed and dynamic addresses)",
    );
  }
  const kong = kongAddress(reader, subnet);
  const internalApiUrl = `http://${kong}:8000`;
  if (kong && archonSupabaseUrlProblem(internalApiUrl)) {
    reader.fail("network:kongAddress", kong, "a private IP literal Archon accepts over plain http");
  }

  const rawJwtSecret = reader.optionalString("supabase", "jwtSecret");
  checkJwtSecret(reader, rawJwtSecret);
  const { jwtIssuedAt, jwtExpiresAt } = loadSupabaseJwtTimes(reader);

  const hostPorts: SupabaseHostPorts = {
    kong: reader.port("supabase", "kongPort", DEFAULT_SUPABASE_HOST_PORTS.kong),
    postgres: reader.port("supabase", "postgresPort", DEFAULT_SUPABASE_HOST_PORTS.postgres),
    studio: reader.port("supabase", "studioPort", DEFAULT_SUPABASE_HOST_PORTS.studio),
  };
  const images: SupabaseImages = {
    postgres: reader.image("supabase", "postgresImage", versions.image("supabase-postgres")),
    rest: reader.image("supabase", "restImage", versions.image("supabase-rest")),
    kong: reader.image("supabase", "kongImage", versions.image("supabase-kong")),
    meta: reader.image("supabase", "metaImage", versions.image("supabase-meta")),
    studio: reader.image("supabase", "studioImage", versions.image("supabase-studio")),
  };

  const agentsEnabled = reader.boolean("archon", "agentsEnabled", false);
  const devMode = reader.boolean("archon", "devMode", false);
  const ports: ArchonPorts = {
    server: reader.port("archon", "serverPort", DEFAULT_ARCHON_PORTS.server),
    mcp: reader.port("archon", "mcpPort", DEFAULT_ARCHON_PORTS.mcp),
    ui: reader.port("archon", "uiPort", DEFAULT_ARCHON_PORTS.ui),
    agents: reader.port("archon", "agentsPort", DEFAULT_ARCHON_PORTS.agents),
  };
  reader.distinctPorts({
    "supabase:kongPort": hostPorts.kong,
    "supabase:postgresPort": hostPorts.postgres,
    "supabase:studioPort": hostPorts.studio,
    "archon:serverPort": ports.server,
    "archon:mcpPort": ports.mcp,
    "archon:uiPort": ports.ui,
    ...(agentsEnabled ? { "archon:agentsPort": ports.agents } : {}),
  });
  const archonImageSource = archonImages(reader, agentsEnabled);
  if (devMode && archonImageSource.kind !== "build") {
    reader.fail(
      "archon:devMode",
      "true",
      "false unless archon:sourcePath is set (dev mode mounts the source)",
    );
  }

  const archonSource = loadArchonSourceConfig(reader, archonImageSource);
  checkAgentsSubnet(reader, agentsEnabled, subnetText, subnet);
  checkOpenAiKey(reader, reader.optionalString("archon", "openaiApiKey"));
  const dashboardUsername = reader.string("supabase", "dashboardUsername", "supabase");
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(dashboardUsername)) {
    reader.fail(
      "supabase:dashboardUsername",
      dashboardUsername,
      "1 to 64 letters, digits, . _ or - (it becomes an htpasswd user: no colon, no spaces)",
    );
  }

  const backup = loadBackupConfig(reader);
  const publicHost = reader.hostname("archon", "publicHost", "localhost");
  const dockerHost = loadDockerHost(reader);
  // Host mode must configure the nginx of the machine the containers run on: the provider's
  // daemon, which is docker:host or else DOCKER_HOST.
  const offsite = loadOffsiteConfig(reader, backup.enabled);
  const { edge, certbot } = loadCertbotConfig(
    reader,
    loadEdgeConfig(reader, publicHost, dockerHost ?? process.env.DOCKER_HOST),
  );
  const resources = loadHostResources(reader, agentsEnabled, {
    ...(backup.enabled ? { backup: 256 } : {}),
    ...(edge.mode === "container" ? { nginx: 128 } : {}),
    ...(archonSource.dockerProxy ? { dockerProxy: 64 } : {}),
    ...(certbot ? { certbot: 128 } : {}),
    ...(offsite ? { offsite: 128 } : {}),
  });

  const config: ArchonProdConfig = {
    dockerHost,
    resources,
    backup,
    edge,
    certbot,
    offsite,
    publicAddress: loadPublicAddress(reader),
    network: {
      name: dockerName(reader, "network", "name", "archon_production"),
      subnet: subnetText,
      dynamicRange: subnet ? dynamicRangeOf(subnet).text : "",
      kongAddress: kong,
    },
    supabase: {
      jwtSecret: reader.optionalSecret("supabase", "jwtSecret"),
      jwtIssuedAt,
      jwtExpiresAt,
      jwtExpirySeconds: reader.integer("supabase", "jwtExpirySeconds", 3600, 60, 604800),
      dashboardUsername,
      hostPorts,
      images,
      postgresVolumeName: dockerName(
        reader,
        "supabase",
        "postgresVolumeName",
        "archon_postgres_data",
      ),
      postgresConfigVolumeName: dockerName(
        reader,
        "supabase",
        "postgresConfigVolumeName",
        "archon_postgres_config",
      ),
    },
    archon: {
      ...archonSource,
      images: archonImageSource,
      ports,
      agentsEnabled,
      devMode,
      publicHost,
      allowedHosts: allowedHosts(reader, publicHost),
      logLevel: reader.oneOf("archon", "logLevel", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO"),
      openaiApiKey: reader.optionalSecret("archon", "openaiApiKey"),
      logfireToken: reader.optionalSecret("archon", "logfireToken"),
    },
  };
  reader.assertValid();
  return config;
}
