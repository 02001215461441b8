import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { healthcheck } from "../docker/containerSettings";
import { renderHtpasswdEntry } from "./htpasswd";
import { EdgeSitesConfig, renderNginxSites } from "./nginxSites";

export const DEFAULT_NGINX_IMAGE = "nginx:1.27.3-alpine";

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

/** The host's own nginx, configured by a command on the machine that runs Pulumi. */
export interface EdgeHostMode {
  readonly kind: "host";
  /** Default: `/etc/nginx/sites-available/archon`, linked from sites-enabled. */
  readonly sitePath?: string;
}

export interface EdgeProxyArgs {
  /** Everything of the site config except the htpasswd path, which the mode decides. */
  readonly sites: Omit<EdgeSitesConfig, "htpasswdPath">;
  readonly studioUser: pulumi.Input<string>;
  readonly studioPassword: pulumi.Input<string>;
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
  readonly container?: docker.Container;
  readonly hostCommand?: command.local.Command;

  constructor(name: string, args: EdgeProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:EdgeProxy", name, {}, opts);
    const child = { parent: this, dependsOn: args.waitFor };
    const htpasswdPath =
      args.mode.kind === "container"
        ? "/etc/nginx/htpasswd-supabase"
        : "/etc/nginx/.htpasswd-supabase";
    try {
      this.siteConfig = renderNginxSites({ ...args.sites, htpasswdPath });
    } catch (err) {
      throw new pulumi.ResourceError((err as Error).message, this);
    }
    this.htpasswd = pulumi.secret(
      pulumi
        .all([args.studioUser, args.studioPassword])
        .apply(([user, password]) => `${renderHtpasswdEntry(user, password)}\n`),
    );

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
      const sitePath = args.mode.sitePath ?? "/etc/nginx/sites-available/archon";
      const enabledPath = sitePath.replace("/sites-available/", "/sites-enabled/");
      this.hostCommand = new command.local.Command(
        `${name}-host-nginx`,
        {
          interpreter: ["/bin/bash", "-c"],
          // Keep the previous files; if nginx -t rejects the new ones, put them back.
          create: [
            "set -euo pipefail",
            `site=${sitePath}; enabled=${enabledPath}; auth=${htpasswdPath}`,
            'sudo cp -a "$site" "$site.previous" 2>/dev/null || true',
            'sudo cp -a "$auth" "$auth.previous" 2>/dev/null || true',
            'printf "%s" "$SITE_CONFIG" | sudo tee "$site" >/dev/null',
            'printf "%s" "$HTPASSWD" | sudo tee "$auth" >/dev/null && sudo chmod 0640 "$auth" && sudo chgrp www-data "$auth"',
            'sudo ln -sf "$site" "$enabled"',
            'if ! sudo nginx -t; then sudo mv "$site.previous" "$site" 2>/dev/null || sudo rm -f "$site" "$enabled"; sudo mv "$auth.previous" "$auth" 2>/dev/null || true; exit 1; fi',
            "sudo systemctl reload nginx",
          ].join("\n"),
          environment: { SITE_CONFIG: this.siteConfig, HTPASSWD: this.htpasswd },
          // Re-run only when what nginx serves changes.
          triggers: [sha256(this.siteConfig), this.htpasswd.apply(sha256)],
        },
        child,
      );
    }
    this.registerOutputs({ siteConfig: this.siteConfig, htpasswd: this.htpasswd });
  }
}
