import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { imageReferenceProblem } from "../toolbox/docker/imageReference";
import { renderBootstrapScript, renderCycleScript, renderLoopScript } from "./certbotScripts";
import { PINNED_VERSIONS } from "../toolbox/versions/pinnedVersions";

/** certbot's image (certbot/certbot, tools/docker/Dockerfile at tag v5.6.0): versions.json `certbot`. */
export const CERTBOT_IMAGE = PINNED_VERSIONS.image("certbot");

/** certbot's own advice: try twice a day; it renews only what expires within 30 days. */
const RENEW_INTERVAL_SECONDS = 12 * 60 * 60;

export interface EdgeCertificatesArgs {
  /** The names the certificate covers; the first names the lineage nginx reads. */
  readonly domains: readonly string[];
  /**
   * Host directory certbot writes (its config directory), which the edge mounts read-only at
   * the same path. Not under /etc: the policy pack refuses a writable bind of /etc.
   */
  readonly directory: string;
  /** Docker network of the edge (outbound access to Let's Encrypt). */
  readonly networkName: pulumi.Input<string>;
  /** Let's Encrypt's staging issuer instead of production. Default: false. */
  readonly staging?: boolean;
  /** Contact of the ACME account; default: none (registered without an e-mail). */
  readonly email?: string;
  /** Default: {@link CERTBOT_IMAGE}. */
  readonly image?: string;
  /** Memory limit of the renewal container (MiB). Default: 128. */
  readonly memoryMb?: number;
}

/**
 * Certificates for the nginx edge from Let's Encrypt by HTTP-01, served by the edge itself:
 * a one-off container writes a self-signed stand-in when no certificate exists (so nginx can
 * start on a fresh host; an existing one is used as it is), and once nginx runs a second
 * container in nginx's PID namespace obtains the certificate through the webroot, renews it
 * twice a day, and reloads nginx (SIGHUP to its master, PID 1) whenever one is written.
 */
export class EdgeCertificates extends pulumi.ComponentResource {
  /** Must finish before nginx starts: the edge waits for it. */
  readonly bootstrap: docker.Container;
  /** Where nginx serves `/.well-known/acme-challenge/` from (inside `directory`). */
  readonly webroot: string;
  readonly certificatePath: string;
  readonly certificateKeyPath: string;
  private readonly name: string;
  private readonly args: EdgeCertificatesArgs;
  private readonly image: docker.RemoteImage;

  constructor(name: string, args: EdgeCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:certbot:EdgeCertificates", name, {}, opts);
    const image = args.image ?? CERTBOT_IMAGE;
    const problem = imageReferenceProblem(image);
    if (problem) {
      throw new pulumi.ResourceError(`image: ${problem}`, this);
    }
    if (args.domains.length === 0) {
      throw new pulumi.ResourceError("domains: at least one name", this);
    }
    if (!args.directory.startsWith("/") || /^\/etc(\/|$)/.test(args.directory)) {
      throw new pulumi.ResourceError(
        `directory "${args.directory}" must be an absolute path outside /etc (certbot writes it)`,
        this,
      );
    }
    this.name = name;
    this.args = args;
    const live = `${args.directory}/live/${args.domains[0]}`;
    this.webroot = `${args.directory}/acme-webroot`;
    this.certificatePath = `${live}/fullchain.pem`;
    this.certificateKeyPath = `${live}/privkey.pem`;

    this.image = new docker.RemoteImage(
      `${name}-image`,
      { name: image, keepLocally: true },
      { parent: this },
    );
    this.bootstrap = new docker.Container(
      `${name}-bootstrap`,
      {
        name: "archon-certbot-bootstrap",
        image: this.image.imageId,
        entrypoints: ["/bin/sh", "-c"],
        command: [renderBootstrapScript(this.scriptOptions())],
        mounts: [this.directoryMount()],
        // Runs to completion once; Pulumi waits for it and does not expect it to keep running.
        // A failed run (a full disk) is retried a few times, never a finished one.
        attach: true,
        mustRun: false,
        restart: "on-failure",
        maxRetryCount: 3,
        healthcheck: {
          tests: ["CMD-SHELL", `test -s /etc/letsencrypt/live/${args.domains[0]}/fullchain.pem`],
          interval: "10s",
          timeout: "5s",
          retries: 3,
        },
        memory: args.memoryMb ?? 128,
        networksAdvanced: [{ name: args.networkName }],
      },
      { parent: this },
    );
    this.registerOutputs({});
  }

  /**
   * The renewal container, joined to the nginx container's PID namespace. Created once nginx
   * runs; replaced with it, since a new nginx container is a new namespace.
   */
  renewAfter(nginx: docker.Container): docker.Container {
    return new docker.Container(
      `${this.name}-renew`,
      {
        name: "archon-certbot",
        image: this.image.imageId,
        entrypoints: ["/bin/sh", "-c"],
        command: [
          renderLoopScript(renderCycleScript(this.scriptOptions()), RENEW_INTERVAL_SECONDS),
        ],
        mounts: [this.directoryMount()],
        pidMode: pulumi.interpolate`container:${nginx.name}`,
        labels: [{ label: "archon.edge-container-id", value: nginx.id }],
        restart: "unless-stopped",
        // Healthy before the post-deploy checks look (they read the health status once).
        wait: true,
        waitTimeout: 120,
        memory: this.args.memoryMb ?? 128,
        networksAdvanced: [{ name: this.args.networkName }],
        healthcheck: {
          // Healthy once a certificate (certbot's, or the stand-in) is where nginx reads it.
          tests: [
            "CMD-SHELL",
            `test -s /etc/letsencrypt/live/${this.args.domains[0]}/fullchain.pem`,
          ],
          interval: "10s",
          timeout: "5s",
          retries: 3,
        },
      },
      { parent: this, dependsOn: [nginx], replaceOnChanges: ["labels", "pidMode"] },
    );
  }

  private scriptOptions() {
    return {
      certName: this.args.domains[0],
      domains: this.args.domains,
      configDir: "/etc/letsencrypt",
      webroot: "/etc/letsencrypt/acme-webroot",
      staging: this.args.staging ?? false,
      email: this.args.email,
    };
  }

  private directoryMount() {
    return {
      type: "bind",
      source: this.args.directory,
      target: "/etc/letsencrypt",
      readOnly: false,
    };
  }
}
