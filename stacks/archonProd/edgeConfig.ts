import * as pulumi from "@pulumi/pulumi";
import { upstreamProblem, WeightedBackend } from "../../components/edge/nginxSites";
import { ConfigReader } from "../config/configReader";

export type EdgeMode = "container" | "host" | "none";

export interface EdgeConfig {
  readonly mode: EdgeMode;
  readonly archonHost: string;
  readonly supabaseHost: string;
  readonly certificateDirectory: string;
  readonly certificatePath: string;
  readonly certificateKeyPath: string;
  readonly image: string;
  /** The edge login in front of an upstream Archon: `edge:archonUsername`, `edge:archonPassword`. */
  readonly archonLogin: {
    readonly user: string;
    /** Undefined: generated. */
    readonly password?: pulumi.Output<string>;
  };
  /**
   * Host mode: how to reach the host's nginx. Undefined runs the command on the machine running
   * Pulumi (docker:host unset or a local socket); otherwise SSH to docker:host's machine.
   */
  readonly hostSsh?: {
    readonly host: string;
    readonly user: string;
    readonly port: number;
    /** `edge:sshPrivateKey`; undefined uses the SSH agent. */
    readonly privateKey?: pulumi.Output<string>;
  };
  /** Explicit weighted backends; undefined means the local service alone. */
  readonly backends: {
    readonly ui?: readonly WeightedBackend[];
    readonly server?: readonly WeightedBackend[];
    readonly studio?: readonly WeightedBackend[];
  };
}

function backends(reader: ConfigReader, key: string): readonly WeightedBackend[] | undefined {
  const raw = reader.optionalStructured("edge", key);
  if (raw === undefined) {
    return undefined;
  }
  const list = Array.isArray(raw) ? (raw as WeightedBackend[]) : [];
  const problem = Array.isArray(raw) ? upstreamProblem(list) : "not a list";
  if (problem) {
    reader.fail(
      `edge:${key}`,
      raw,
      `a list of { address: host:port, weight } with at least one weight above 0 (${problem})`,
    );
  }
  return list;
}

function absolutePath(reader: ConfigReader, key: string, fallback: string): string {
  const value = reader.string("edge", key, fallback);
  if (!value.startsWith("/")) {
    reader.fail(`edge:${key}`, value, "an absolute path on the Docker host");
  }
  return value;
}

/**
 * Where host mode's command runs: locally when the Docker daemon is local, over SSH when
 * docker:host is ssh://user@host[:port]; any other daemon address is refused (its host's nginx
 * cannot be reached).
 */
function hostSsh(
  reader: ConfigReader,
  dockerHost: string | undefined,
): EdgeConfig["hostSsh"] | undefined {
  if (!dockerHost || dockerHost.startsWith("unix://")) {
    return undefined;
  }
  const match = /^ssh:\/\/([^@/:]+)@([^@/:]+)(?::([1-9]\d*))?\/?$/.exec(dockerHost);
  if (!match || Number(match[3] ?? 22) > 65535) {
    reader.fail(
      "edge:mode",
      "host",
      `container or none when docker:host is "${dockerHost}": host mode configures the Docker host's own nginx, which it reaches locally (docker:host unset or unix://) or over SSH (docker:host ssh://user@host[:port])`,
    );
    return undefined;
  }
  return {
    user: match[1],
    host: match[2],
    port: Number(match[3] ?? 22),
    privateKey: reader.optionalSecret("edge", "sshPrivateKey"),
  };
}

function archonLogin(reader: ConfigReader): EdgeConfig["archonLogin"] {
  const user = reader.string("edge", "archonUsername", "archon");
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(user)) {
    reader.fail(
      "edge:archonUsername",
      user,
      "1 to 64 letters, digits, . _ or - (an htpasswd user: no colon, no spaces)",
    );
  }
  const raw = reader.optionalString("edge", "archonPassword");
  if (raw !== undefined && raw.length < 16) {
    reader.fail(
      "edge:archonPassword",
      `<secret of ${raw.length} characters>`,
      "at least 16 characters, or unset for a generated one",
    );
  }
  return { user, password: reader.optionalSecret("edge", "archonPassword") };
}

export function loadEdgeConfig(
  reader: ConfigReader,
  publicHost: string,
  dockerHost?: string,
): EdgeConfig {
  const mode = reader.oneOf<EdgeMode>("edge", "mode", ["container", "host", "none"], "container");
  const archonHost = reader.hostname("edge", "archonHost", publicHost);
  if (mode !== "none" && !archonHost.includes(".")) {
    reader.fail(
      "edge:archonHost",
      archonHost,
      "a public DNS name for the certificate (set edge:archonHost or archon:publicHost), or edge:mode none",
    );
  }
  const certificateDirectory = absolutePath(reader, "certificateDirectory", "/etc/letsencrypt");
  const live = `${certificateDirectory}/live/${archonHost}`;
  const config: EdgeConfig = {
    mode,
    archonHost,
    supabaseHost: reader.hostname("edge", "supabaseHost", `supabase.${archonHost}`),
    certificateDirectory,
    certificatePath: absolutePath(reader, "certificatePath", `${live}/fullchain.pem`),
    certificateKeyPath: absolutePath(reader, "certificateKeyPath", `${live}/privkey.pem`),
    image: reader.image("edge", "image", reader.versions().image("nginx")),
    archonLogin: archonLogin(reader),
    hostSsh: mode === "host" ? hostSsh(reader, dockerHost) : undefined,
    backends: {
      ui: backends(reader, "uiBackends"),
      server: backends(reader, "serverBackends"),
      studio: backends(reader, "studioBackends"),
    },
  };
  if (mode === "container") {
    for (const key of ["certificatePath", "certificateKeyPath"] as const) {
      if (!config[key].startsWith(`${certificateDirectory}/`)) {
        reader.fail(
          `edge:${key}`,
          config[key],
          `a path under edge:certificateDirectory (${certificateDirectory}), which the nginx container mounts`,
        );
      }
    }
  }
  return config;
}
