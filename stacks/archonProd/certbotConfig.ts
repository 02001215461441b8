import {
  isPublicAddress,
  parseIpv4,
  PUBLIC_ADDRESS_RULE,
} from "../../components/toolbox/network/ipv4";
import { ConfigReader } from "../config/configReader";
import { EdgeConfig } from "./edgeConfig";

/** Where certbot keeps certificates by default: writable, and outside /etc (see the policy). */
export const DEFAULT_CERTBOT_DIRECTORY = "/var/lib/archon/letsencrypt";

export interface CertbotConfig {
  readonly staging: boolean;
  readonly email?: string;
  readonly image: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;

/**
 * `edge:certbot` and its keys (default: on in container mode when no certificate location is
 * configured). With certbot the certificate directory defaults to
 * {@link DEFAULT_CERTBOT_DIRECTORY} and the certificate paths are certbot's, so the edge's
 * config is returned with them; without it the edge's config is returned unchanged.
 */
export function loadCertbotConfig(
  reader: ConfigReader,
  edge: EdgeConfig,
): { edge: EdgeConfig; certbot?: CertbotConfig } {
  // A fresh host has no certificates: in container mode certbot is on unless the stack points
  // at certificates it already has (which are then used as they are).
  const ownCertificates = ["certificateDirectory", "certificatePath", "certificateKeyPath"].some(
    (key) => reader.optionalString("edge", key) !== undefined,
  );
  const enabled = reader.boolean("edge", "certbot", edge.mode === "container" && !ownCertificates);
  const staging = reader.boolean("edge", "acmeStaging", false);
  const email = reader.optionalString("edge", "acmeEmail");
  if (email !== undefined && !EMAIL.test(email)) {
    reader.fail("edge:acmeEmail", email, "an e-mail address such as ops@example.com");
  }
  const image = reader.image("edge", "certbotImage", reader.versions().image("certbot"));
  if (!enabled) {
    return { edge };
  }
  if (edge.mode !== "container") {
    reader.fail(
      "edge:certbot",
      true,
      `false when edge:mode is ${edge.mode} (host mode keeps the host's own certbot; none has no edge)`,
    );
  }
  const directory =
    reader.optionalString("edge", "certificateDirectory") ?? DEFAULT_CERTBOT_DIRECTORY;
  if (/^\/etc(\/|$)/.test(directory)) {
    reader.fail(
      "edge:certificateDirectory",
      directory,
      `a directory outside /etc when edge:certbot is true (certbot writes it, and the policy pack refuses a writable bind of /etc), e.g. ${DEFAULT_CERTBOT_DIRECTORY}`,
    );
  }
  for (const key of ["certificatePath", "certificateKeyPath"]) {
    const value = reader.optionalString("edge", key);
    if (value !== undefined) {
      reader.fail(
        `edge:${key}`,
        value,
        "unset when edge:certbot is true (certbot's paths are used)",
      );
    }
  }
  const live = `${directory}/live/${edge.archonHost}`;
  return {
    edge: {
      ...edge,
      certificateDirectory: directory,
      certificatePath: `${live}/fullchain.pem`,
      certificateKeyPath: `${live}/privkey.pem`,
    },
    certbot: { staging, email, image },
  };
}

/** `edge:publicAddress`: the Docker host's public IPv4 address, for the `dnsRecords` output. */
export function loadPublicAddress(reader: ConfigReader): string | undefined {
  const value = reader.optionalString("edge", "publicAddress");
  if (value === undefined) {
    return undefined;
  }
  const address = parseIpv4(value);
  if (address === undefined) {
    reader.fail("edge:publicAddress", value, "an IPv4 address such as 203.0.113.10");
  } else if (!isPublicAddress(address)) {
    // The address goes into the public DNS records (dnsRecords), as cluster:publicAddress does.
    reader.fail("edge:publicAddress", value, PUBLIC_ADDRESS_RULE);
  }
  return value;
}
