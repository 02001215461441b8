import * as pulumi from "@pulumi/pulumi";
import {
  LetsEncryptIssuer,
  LETSENCRYPT_ISSUERS,
} from "../../components/cluster/certManager/acmeIssuers";
import { PinnedChart } from "../../components/toolbox/kubernetes/helmRelease";
import { CHART_NAMES, ChartName } from "../../components/toolbox/versions/pinnedVersions";
import { ConfigReader, isHostname } from "../config/configReader";
import { BackupConfig, loadBackupConfig } from "./backupConfig";
import { ClusterNetwork, loadClusterNetwork, publicAddressOf } from "./clusterConfig";
import {
  loadSector7ServicesConfig,
  Sector7ServicesConfig,
} from "../sector7Services/servicesConfig";

export type { ClusterNode } from "./clusterConfig";

/** How Pulumi logs in to the nodes; present only when something runs on them. */
export interface SshConfig {
  readonly user: string;
  readonly privateKey: pulumi.Output<string>;
  readonly port: number;
}

/** Everything the sector7 stack needs, validated. */
export interface Sector7Config {
  /** Seed 004's phases 4 and 5: the team's services on the platform. */
  readonly services: Sector7ServicesConfig;
  readonly cluster: ClusterNetwork & {
    /** Kubeconfig path or contents; undefined: KUBECONFIG or ~/.kube/config. */
    readonly kubeconfig?: pulumi.Output<string>;
    readonly context?: string;
    readonly domain: string;
    readonly publicAddress?: string;
  };
  readonly ssh?: SshConfig;
  readonly metallb: { readonly poolName: string; readonly advertisementName: string };
  readonly certManager: {
    readonly email: string;
    readonly defaultIssuer: LetsEncryptIssuer;
    /** Install cert-manager's chart; false: use the cert-manager that already runs. */
    readonly install: boolean;
  };
  /** Install the ingress controller's chart; false: use the controller that already runs. */
  readonly ingress: { readonly install: boolean };
  readonly longhorn: {
    readonly replicaCount: number;
    readonly reclaimPolicy: "Retain" | "Delete";
    readonly installNodePrerequisites: boolean;
    readonly demoteLocalPath: boolean;
  };
  readonly gpu: {
    readonly timeSlicingReplicas: number;
    readonly installHostPrerequisites: boolean;
    readonly driverPackage: string;
    readonly containerToolkitVersion: string;
  };
  readonly monitoring: {
    readonly grafanaHost: string;
    readonly grafanaAdminUser: string;
    readonly prometheusRetention: string;
    readonly prometheusStorageSize: string;
  };
  readonly backup: BackupConfig;
  /** The Helm charts, by versions.json entry, with `platform:versions` applied. */
  readonly charts: Readonly<Record<ChartName, PinnedChart>>;
}

/** The `platform:kind` whose keys this reads. */
const KIND = "sector7";

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SSH_USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const DEB_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
const DEB_VERSION = /^\d[A-Za-z0-9.+~]*-[A-Za-z0-9.+~]+$/;
const KEY_ADVICE = "pulumi config set --secret ssh:privateKey < ~/.ssh/id_ed25519";

function label(reader: ConfigReader, namespace: string, key: string, fallback: string): string {
  const value = reader.string(namespace, key, fallback);
  if (!DNS_LABEL.test(value)) {
    reader.fail(`${namespace}:${key}`, value, "a lower-case DNS label such as sector7-pool");
  }
  return value;
}

function pattern(
  reader: ConfigReader,
  namespace: string,
  key: string,
  fallback: string,
  re: RegExp,
  expected: string,
): string {
  const value = reader.string(namespace, key, fallback);
  if (!re.test(value)) {
    reader.fail(`${namespace}:${key}`, value, expected);
  }
  return value;
}

/** The driver package, required when Pulumi installs the GPU node's prerequisites. */
function driverPackage(reader: ConfigReader): string {
  const value = reader.requiredString(
    "gpu",
    "driverPackage",
    "the NVIDIA driver package to install (gpu:installHostPrerequisites is true)",
  );
  if (value && !DEB_PACKAGE.test(value)) {
    reader.fail("gpu:driverPackage", value, "an apt package name such as nvidia-driver-570-server");
  }
  return value;
}

/** The SSH login, required (key included) when `needed`; never echoes the key. */
function sshOf(reader: ConfigReader, needed: boolean, why: string): SshConfig | undefined {
  if (!needed) {
    return undefined;
  }
  const user = reader.requiredString("ssh", "user", `the login on the nodes (${why})`);
  if (user && !SSH_USER.test(user)) {
    reader.fail("ssh:user", user, "a Unix user name such as deploy");
  }
  const raw = reader.optionalString("ssh", "privateKey");
  const privateKey = reader.requiredSecret(
    "ssh",
    "privateKey",
    `the SSH private key for ${why}, as a secret: ${KEY_ADVICE}`,
  );
  if (raw !== undefined && /^(ssh-|ecdsa-)|PUBLIC KEY/.test(raw)) {
    reader.fail("ssh:privateKey", "<a public key>", `the private key's contents: ${KEY_ADVICE}`);
  } else if (raw !== undefined && /^[~/]/.test(raw) && !raw.includes("\n")) {
    reader.fail(
      "ssh:privateKey",
      "<a file path>",
      `the key's contents, not its path: ${KEY_ADVICE}`,
    );
  }
  const port = reader.port("ssh", "port", 22);
  return privateKey ? { user, privateKey, port } : undefined;
}

/**
 * Reads and validates the whole sector7 configuration. Throws one ConfigValidationError listing
 * every problem; nothing is registered before this returns.
 */
export function loadSector7Config(stack: string): Sector7Config {
  const reader = new ConfigReader(stack, KIND);

  const network = loadClusterNetwork(reader);
  const domain = reader.requiredString(
    "cluster",
    "domain",
    "the DNS domain, e.g. sector7.helloworlddao.com",
  );
  if (domain && !isHostname(domain)) {
    reader.fail("cluster:domain", domain, "a DNS name such as sector7.helloworlddao.com");
  }

  const email = reader.requiredString("certManager", "email", "the Let's Encrypt account e-mail");
  if (email && !EMAIL.test(email)) {
    reader.fail("certManager:email", email, "an e-mail address such as ops@example.com");
  }

  const installNodePrerequisites = reader.boolean("longhorn", "installNodePrerequisites", true);
  const hasGpu = network.nodes.some((n) => n.gpu);
  const installHostPrerequisites = reader.boolean("gpu", "installHostPrerequisites", false);
  if (installHostPrerequisites && network.nodes.length > 0 && !hasGpu) {
    reader.fail(
      "gpu:installHostPrerequisites",
      true,
      "false unless a node in cluster:nodes has gpu: true",
    );
  }
  const why = [
    installNodePrerequisites ? "longhorn:installNodePrerequisites" : undefined,
    installHostPrerequisites ? "gpu:installHostPrerequisites" : undefined,
  ].filter((w): w is string => w !== undefined);

  const nodeCount = Math.max(network.nodes.length, 1);
  const replicaCount = reader.integer("longhorn", "replicaCount", 2, 1, 3);
  if (network.nodes.length > 0 && replicaCount > nodeCount) {
    reader.fail(
      "longhorn:replicaCount",
      replicaCount,
      `at most the number of nodes in cluster:nodes (${nodeCount}): Longhorn keeps each replica on its own node`,
    );
  }

  const config: Sector7Config = {
    cluster: {
      ...network,
      kubeconfig: reader.optionalSecret("cluster", "kubeconfig"),
      context: reader.optionalString("cluster", "context"),
      domain,
      publicAddress: publicAddressOf(reader),
    },
    ssh: sshOf(reader, why.length > 0, why.join(" and ")),
    metallb: {
      poolName: label(reader, "metallb", "poolName", "sector7-pool"),
      advertisementName: label(reader, "metallb", "advertisementName", "sector7-l2"),
    },
    certManager: {
      email,
      defaultIssuer: reader.oneOf(
        "certManager",
        "defaultIssuer",
        LETSENCRYPT_ISSUERS,
        "letsencrypt-prod",
      ),
      install: reader.boolean("certManager", "install", true),
    },
    ingress: { install: reader.boolean("ingress", "install", true) },
    longhorn: {
      replicaCount,
      reclaimPolicy: reader.oneOf(
        "longhorn",
        "reclaimPolicy",
        ["Retain", "Delete"] as const,
        "Retain",
      ),
      installNodePrerequisites,
      demoteLocalPath: reader.boolean("longhorn", "demoteLocalPath", true),
    },
    gpu: {
      timeSlicingReplicas: reader.integer("gpu", "timeSlicingReplicas", 1, 1, 48),
      installHostPrerequisites,
      driverPackage: installHostPrerequisites ? driverPackage(reader) : "",
      containerToolkitVersion: pattern(
        reader,
        "gpu",
        "containerToolkitVersion",
        "1.20.0-1",
        DEB_VERSION,
        "an exact apt version such as 1.20.0-1",
      ),
    },
    monitoring: {
      grafanaHost: reader.hostname("monitoring", "grafanaHost", `grafana.${domain || "invalid"}`),
      grafanaAdminUser: pattern(
        reader,
        "monitoring",
        "grafanaAdminUser",
        "admin",
        /^[A-Za-z0-9._-]{1,64}$/,
        "a user name of letters, digits, dot, dash or underscore",
      ),
      prometheusRetention: pattern(
        reader,
        "monitoring",
        "prometheusRetention",
        "15d",
        /^\d+(ms|s|m|h|d|w|y)$/,
        "a Prometheus duration such as 15d",
      ),
      prometheusStorageSize: pattern(
        reader,
        "monitoring",
        "prometheusStorageSize",
        "20Gi",
        /^[1-9]\d*(Mi|Gi|Ti)$/,
        "a size such as 20Gi",
      ),
    },
    backup: loadBackupConfig(reader),
    services: loadSector7ServicesConfig(reader),
    charts: Object.fromEntries(
      CHART_NAMES.map((name) => [name, reader.versions().chart(name)]),
    ) as Record<ChartName, PinnedChart>,
  };
  reader.assertValid();
  return config;
}
