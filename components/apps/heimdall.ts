import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { renderHtpasswdEntry } from "../edge/htpasswd";
import { namespace } from "../toolbox/kubernetes/namespace";
import { ContainerResources, plainEnv } from "../toolbox/workloads/containers";
import { ServicesPlatform } from "../toolbox/workloads/servicesPlatform";
import { WebApp } from "../toolbox/workloads/webApp";
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
  /**
   * Ask for a login at the ingress (HTTP basic auth, generated password), because Heimdall has
   * none until one is set in its own UI. Default: true.
   */
  readonly ingressLogin?: boolean;
  readonly platform: ServicesPlatform;
}

/** The user of Heimdall's ingress login. */
export const HEIMDALL_LOGIN_USER = "sector7";

/**
 * Heimdall, the team's landing page (seed 004, phase 4.1). Its own login is set in its UI; until
 * then (by default, always) the ingress asks for a generated one. Its tiles may check the apps'
 * private address, which linuxserver's image allows only with ALLOW_INTERNAL_REQUESTS=true,
 * meant for an instance behind a login.
 */
export class Heimdall extends pulumi.ComponentResource {
  readonly app: WebApp;
  readonly url: pulumi.Output<string>;
  /** The app's namespace (created here). */
  readonly namespaceName: pulumi.Output<string>;
  /** The ingress login; undefined when `ingressLogin` is false. */
  readonly loginUser?: pulumi.Output<string>;
  readonly loginPassword?: pulumi.Output<string>;

  constructor(name: string, args: HeimdallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:apps:Heimdall", name, {}, opts);
    const child = { parent: this };
    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "heimdall", podSecurity: "baseline", retainOnDelete: true },
      child,
    );
    this.namespaceName = ns.metadata.name;

    let ingressAnnotations: Record<string, pulumi.Input<string>> = {};
    let loginSecret: kubernetes.core.v1.Secret | undefined;
    if (args.ingressLogin ?? true) {
      const password = new random.RandomPassword(
        `${name}-login-password`,
        { length: 24, special: false },
        child,
      ).result;
      this.loginUser = pulumi.output(HEIMDALL_LOGIN_USER);
      this.loginPassword = pulumi.secret(password);
      // ingress-nginx reads the htpasswd file from the Secret's `auth` key.
      loginSecret = new kubernetes.core.v1.Secret(
        `${name}-login`,
        {
          metadata: { name: "heimdall-login", namespace: ns.metadata.name },
          type: "Opaque",
          stringData: {
            auth: pulumi.secret(password.apply((p) => renderHtpasswdEntry(HEIMDALL_LOGIN_USER, p))),
          },
        },
        child,
      );
      ingressAnnotations = {
        "nginx.ingress.kubernetes.io/auth-type": "basic",
        "nginx.ingress.kubernetes.io/auth-secret": loginSecret.metadata.name,
        "nginx.ingress.kubernetes.io/auth-realm": "Heimdall",
      };
    }

    this.app = new WebApp(
      `${name}-app`,
      {
        namespace: ns.metadata.name,
        appName: "heimdall",
        image: args.image ?? APP_IMAGES.heimdall,
        containerPort: 80,
        host: args.host,
        // linuxserver images start as root, then drop to PUID/PGID.
        env: plainEnv({
          PUID: "1000",
          PGID: "1000",
          TZ: args.timezone ?? "Etc/UTC",
          // Tiles check the apps at the cluster's private address.
          ALLOW_INTERNAL_REQUESTS: "true",
        }),
        data: { mountPath: "/config", size: args.storageSize ?? "1Gi" },
        resources: args.resources ?? {
          requests: { cpu: "50m", memory: "128Mi" },
          limits: { cpu: "500m", memory: "512Mi" },
        },
        health: { kind: "tcp", port: 80 },
        readiness: { kind: "http", path: "/", port: 80 },
        ingressAnnotations,
        platform: args.platform,
        waitFor: loginSecret ? [loginSecret] : [],
      },
      child,
    );
    this.url = this.app.url;
    this.registerOutputs({
      url: this.url,
      loginUser: this.loginUser,
      loginPassword: this.loginPassword,
    });
  }
}
