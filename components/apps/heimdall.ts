import * as pulumi from "@pulumi/pulumi";
import { namespace } from "../kubernetes/namespace";
import { ContainerResources, plainEnv } from "../workloads/containers";
import { ServicesPlatform } from "../workloads/servicesPlatform";
import { WebApp } from "../workloads/webApp";
import { APP_IMAGES } from "./appImages";

export interface HeimdallArgs {
  /** Public host; seed 004 serves the dashboard at the apex, e.g. `sector7.helloworlddao.com`. */
  readonly host: string;
  /** Size of the `/config` claim. Default: `1Gi`. */
  readonly storageSize?: string;
  /** Default: {@link APP_IMAGES}.heimdall. */
  readonly image?: string;
  /** Default: `heimdall`. */
  readonly namespace?: string;
  /** Default: `Etc/UTC`. */
  readonly timezone?: string;
  readonly resources?: ContainerResources;
  readonly platform: ServicesPlatform;
}

/** Heimdall, the team's landing page (seed 004, phase 4.1). Its login is set in its own UI. */
export class Heimdall extends pulumi.ComponentResource {
  readonly app: WebApp;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: HeimdallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:apps:Heimdall", name, {}, opts);
    const child = { parent: this };
    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "heimdall", podSecurity: "baseline", retainOnDelete: true },
      child,
    );

    this.app = new WebApp(
      `${name}-app`,
      {
        namespace: ns.metadata.name,
        appName: "heimdall",
        image: args.image ?? APP_IMAGES.heimdall,
        containerPort: 80,
        host: args.host,
        // linuxserver images start as root, then drop to PUID/PGID.
        env: plainEnv({ PUID: "1000", PGID: "1000", TZ: args.timezone ?? "Etc/UTC" }),
        data: { mountPath: "/config", size: args.storageSize ?? "1Gi" },
        resources: args.resources ?? {
          requests: { cpu: "50m", memory: "128Mi" },
          limits: { cpu: "500m", memory: "512Mi" },
        },
        health: { kind: "tcp", port: 80 },
        readiness: { kind: "http", path: "/", port: 80 },
        platform: args.platform,
      },
      child,
    );
    this.url = this.app.url;
    this.registerOutputs({ url: this.url });
  }
}
