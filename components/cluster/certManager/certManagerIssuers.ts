import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartPinProblem, PinnedChart, pinnedRelease } from "../../toolbox/kubernetes/helmRelease";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { acmeIssuerSpec, LETSENCRYPT_ISSUERS } from "./acmeIssuers";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** cert-manager's chart (cert-manager/cert-manager, tag v1.21.1). */
export const CERT_MANAGER_CHART: PinnedChart = PINNED_VERSIONS.chart("cert-manager");

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface CertManagerIssuersArgs {
  /** Contact for the Let's Encrypt account (expiry notices). */
  readonly email: string;
  /** Ingress class the HTTP-01 solver Ingresses use. */
  readonly ingressClassName: pulumi.Input<string>;
  /** Resources that must exist first, such as the ingress controller that serves challenges. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
  /** Default: `cert-manager` (restricted: the chart's pods run as non-root with RuntimeDefault seccomp). */
  readonly namespace?: string;
  /** Default: {@link CERT_MANAGER_CHART}. */
  readonly chart?: PinnedChart;
  /**
   * Install cert-manager's chart (and its namespace). False: cert-manager already runs (seed
   * 004, phase 1 keeps it) and only the ClusterIssuers are created, which its CRDs must
   * already serve. Default: true.
   */
  readonly install?: boolean;
}

/**
 * cert-manager with its CRDs, and the ClusterIssuers `letsencrypt-prod` and
 * `letsencrypt-staging` (seed 004, phase 2.4), created once the chart's webhook serves.
 */
export class CertManagerIssuers extends pulumi.ComponentResource {
  /** The chart's release; undefined when cert-manager already ran (`install: false`). */
  readonly release?: kubernetes.helm.v3.Release;
  readonly issuers: kubernetes.apiextensions.CustomResource[];
  readonly issuerNames: pulumi.Output<string[]>;

  constructor(name: string, args: CertManagerIssuersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:certManager:CertManagerIssuers", name, {}, opts);

    const chart = args.chart ?? CERT_MANAGER_CHART;
    const pinProblem = chartPinProblem(chart);
    if (pinProblem) {
      throw new pulumi.ResourceError(pinProblem, this);
    }
    if (!EMAIL.test(args.email)) {
      throw new pulumi.ResourceError(`email "${args.email}" is not an e-mail address`, this);
    }

    if (args.install ?? true) {
      const ns = namespace(
        `${name}-namespace`,
        { name: args.namespace ?? "cert-manager", podSecurity: "restricted" },
        { parent: this },
      );

      this.release = pinnedRelease(
        `${name}-chart`,
        {
          chart,
          releaseName: "cert-manager",
          namespace: ns.metadata.name,
          // keep: removing the release must not remove the CRDs, and with them every Certificate.
          values: { crds: { enabled: true, keep: true } },
        },
        { parent: this, dependsOn: args.waitFor ?? [] },
      );
    }

    this.issuers = LETSENCRYPT_ISSUERS.map(
      (issuer) =>
        new kubernetes.apiextensions.CustomResource(
          `${name}-${issuer}`,
          {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: issuer },
            spec: acmeIssuerSpec(issuer, args.email, args.ingressClassName),
          },
          { parent: this, dependsOn: this.release ? [this.release] : (args.waitFor ?? []) },
        ),
    );

    this.issuerNames = pulumi.output([...LETSENCRYPT_ISSUERS]);
    this.registerOutputs({ issuerNames: this.issuerNames });
  }
}
