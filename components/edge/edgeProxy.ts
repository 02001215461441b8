import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { healthcheck } from "../toolbox/docker/containerSettings";
import {
  DEFAULT_HOST_HTPASSWD_PATH,
  DEFAULT_HOST_SITE_PATH,
  renderHostNginxScript,
} from "./hostNginxScript";
import { renderFileBundle } from "../toolbox/hosts/fileBundle";
import { renderHtpasswdEntry } from "./htpasswd";
import { EdgeSitesConfig, renderNginxSites } from "./nginxSites";
import { PINNED_VERSIONS } from "../toolbox/versions/pinnedVersions";

/** The edge's nginx image: versions.json `nginx`. */
export const DEFAULT_NGINX_IMAGE = PINNED_VERSIONS.image("nginx");
export const DEFAULT_HOST_ARCHON_HTPASSWD_PATH = "/etc/nginx/.htpasswd-archon";

/** nginx in a container (the one container publishing 80/443 on all interfaces). */
export interface EdgeContainerMode {
  readonly kind: "container";
  readonly networkName: pulumi.Input<string>;
  /** Host directory with the certificates, mounted read-only at the same path. */
  readonly certificateDirectory: string;
  /** Default: `archon-nginx`. */
  readonly containerName?: string;
  /** Default: {@link DEFAULT_NGINX_IMAGE}. */
  readonly image?: string;
  /** Memory limit in MiB. Default 128. */
  readonly memoryMb?: number;
}

/** How Pulumi reaches the host whose nginx it configures, over SSH. */
export interface EdgeHostSsh {
  readonly host: pulumi.Input<string>;
  /** Root, or a user that may `sudo -n` without a password. */
  readonly user: pulumi.Input<string>;
  /** Default 22. */
  readonly port?: number;
  /** The private key's contents; default: the keys of the SSH agent (`SSH_AUTH_SOCK`). */
  readonly privateKey?: pulumi.Input<string>;
}

/** The host's own nginx, configured by a command: on the machine running Pulumi, or over SSH. */
export interface EdgeHostMode {
  readonly kind: "host";
  /** Default: {@link DEFAULT_HOST_SITE_PATH}, linked from the matching `sites-enabled/` path. */
  readonly sitePath?: string;
  /** Default: {@link DEFAULT_HOST_HTPASSWD_PATH}. */
  readonly htpasswdPath?: string;
  /** Archon's login file, when there is one. Default: {@link DEFAULT_HOST_ARCHON_HTPASSWD_PATH}. */
  readonly archonHtpasswdPath?: string;
  /** Group of nginx's workers. Default `www-data` (Debian). */
  readonly htpasswdGroup?: string;
  /** Run over SSH on this host; default: locally (Pulumi runs on the Docker host). */
  readonly ssh?: EdgeHostSsh;
}

export interface EdgeProxyArgs {
  /** Everything of the site config except the htpasswd paths, which the mode decides. */
  readonly sites: Omit<EdgeSitesConfig, "htpasswdPath" | "archonLogin">;
  readonly studioUser: pulumi.Input<string>;
  readonly studioPassword: pulumi.Input<string>;
  /**
   * Basic auth in front of all of Archon, for an Archon that authenticates nobody (upstream
   * v1). Undefined passes requests (and their Authorization header) through untouched: only for
   * an Archon that authenticates every request itself.
   */
  readonly archonLogin?: {
    readonly user: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
  };
  readonly mode: EdgeContainerMode | EdgeHostMode;
  /** Resources that must exist before the proxy points at them. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The TLS edge of seed 003: archon.<domain> and supabase.<domain> (Studio behind basic auth with
 * a generated, hashed password), as an nginx container or the host's nginx.
 */
export class EdgeProxy extends pulumi.ComponentResource {
  /** The rendered site configuration (no secrets: the password is only in the htpasswd file). */
  readonly siteConfig: string;
  readonly htpasswd: pulumi.Output<string>;
  /** The htpasswd file of Archon's edge login, when there is one. */
  readonly archonHtpasswd?: pulumi.Output<string>;
  readonly container?: docker.Container;
  /** Host mode: the command that places the files, tests and reloads nginx. */
  readonly hostCommand?: command.local.Command | command.remote.Command;

  constructor(name: string, args: EdgeProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:EdgeProxy", name, {}, opts);
    const child = { parent: this, dependsOn: args.waitFor };
    const htpasswdPath =
      args.mode.kind === "container"
        ? "/etc/nginx/htpasswd-supabase"
        : (args.mode.htpasswdPath ?? DEFAULT_HOST_HTPASSWD_PATH);
    const archonHtpasswdPath = args.archonLogin
      ? args.mode.kind === "container"
        ? "/etc/nginx/htpasswd-archon"
        : (args.mode.archonHtpasswdPath ?? DEFAULT_HOST_ARCHON_HTPASSWD_PATH)
      : undefined;
    try {
      this.siteConfig = renderNginxSites({
        ...args.sites,
        htpasswdPath,
        archonLogin: archonHtpasswdPath ? { htpasswdPath: archonHtpasswdPath } : undefined,
      });
    } catch (err) {
      throw new pulumi.ResourceError((err as Error).message, this);
    }
    const htpasswdFile = (user: pulumi.Input<string>, password: pulumi.Input<string>) =>
      pulumi.secret(
        pulumi.all([user, password]).apply(([u, p]) => `${renderHtpasswdEntry(u, p)}\n`),
      );
    this.htpasswd = htpasswdFile(args.studioUser, args.studioPassword);
    this.archonHtpasswd = args.archonLogin
      ? htpasswdFile(args.archonLogin.user, args.archonLogin.password)
      : undefined;
    const archonFiles = (htpasswd: string | undefined) =>
      archonHtpasswdPath && htpasswd !== undefined
        ? [{ path: archonHtpasswdPath, content: htpasswd }]
        : [];

    if (args.mode.kind === "container") {
      const mode = args.mode;
      this.container = new docker.Container(
        `${name}-nginx`,
        {
          name: mode.containerName ?? "archon-nginx",
          image: mode.image ?? DEFAULT_NGINX_IMAGE,
          restart: "unless-stopped",
          memory: mode.memoryMb ?? 128,
          // The edge: the only ports on all interfaces (the policy pack allowlists this name).
          ports: [
            { internal: args.sites.httpPort ?? 80, external: 80, ip: "0.0.0.0", protocol: "tcp" },
            {
              internal: args.sites.httpsPort ?? 443,
              external: 443,
              ip: "0.0.0.0",
              protocol: "tcp",
            },
          ],
          uploads: [
            // Replaces the image's default site.
            { file: "/etc/nginx/conf.d/default.conf", content: this.siteConfig },
            { file: htpasswdPath, content: this.htpasswd, permissions: "0644" },
            ...(archonHtpasswdPath && this.archonHtpasswd
              ? [{ file: archonHtpasswdPath, content: this.archonHtpasswd, permissions: "0644" }]
              : []),
          ],
          volumes: [
            {
              hostPath: mode.certificateDirectory,
              containerPath: mode.certificateDirectory,
              readOnly: true,
            },
          ],
          networksAdvanced: [{ name: mode.networkName, aliases: ["nginx"] }],
          healthcheck: healthcheck(["CMD", "nginx", "-t", "-q"], {
            interval: "30s",
            timeout: "5s",
            retries: 3,
          }),
          wait: true,
        },
        child,
      );
    } else {
      const mode = args.mode;
      const sitePath = mode.sitePath ?? DEFAULT_HOST_SITE_PATH;
      if (!sitePath.includes("/sites-available/")) {
        throw new pulumi.ResourceError(
          `host mode sitePath must lie in a sites-available directory, got "${sitePath}"`,
          this,
        );
      }
      const script = renderHostNginxScript({
        sitePath,
        enabledPath: sitePath.replace("/sites-available/", "/sites-enabled/"),
        htpasswdPath,
        htpasswdGroup: mode.htpasswdGroup,
        extraHtpasswdPaths: archonHtpasswdPath ? [archonHtpasswdPath] : [],
      });
      // The files travel on standard input (a secret: it holds the htpasswd entry).
      const stdin = pulumi.secret(
        pulumi
          .all([this.htpasswd, this.archonHtpasswd])
          .apply(([htpasswd, archon]) =>
            renderFileBundle([
              { path: sitePath, content: this.siteConfig },
              { path: htpasswdPath, content: htpasswd },
              ...archonFiles(archon),
            ]),
          ),
      );
      // Re-run (and reload nginx) only when what nginx serves changes. No delete command: a
      // replacement creates before it deletes, and must not remove the files it just wrote.
      // The site itself (no secret in it) rather than its hash, so the policy pack can read it.
      const triggers = [
        this.siteConfig,
        this.htpasswd.apply(sha256),
        ...(this.archonHtpasswd ? [this.archonHtpasswd.apply(sha256)] : []),
      ];
      this.hostCommand = mode.ssh
        ? new command.remote.Command(
            `${name}-host-nginx`,
            {
              connection: {
                host: mode.ssh.host,
                user: mode.ssh.user,
                port: mode.ssh.port ?? 22,
                privateKey: mode.ssh.privateKey ? pulumi.secret(mode.ssh.privateKey) : undefined,
              },
              create: script,
              stdin,
              triggers,
            },
            child,
          )
        : new command.local.Command(
            `${name}-host-nginx`,
            { interpreter: ["/bin/sh", "-c"], create: script, stdin, triggers },
            child,
          );
    }
    this.registerOutputs({
      siteConfig: this.siteConfig,
      htpasswd: this.htpasswd,
      archonHtpasswd: this.archonHtpasswd,
    });
  }
}
