import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { chartPinProblem, PinnedChart, pinnedRelease } from "../../toolbox/kubernetes/helmRelease";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { monitoringValues } from "./monitoringValues";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** prometheus-community's kube-prometheus-stack (tag kube-prometheus-stack-88.5.3). */
export const KUBE_PROMETHEUS_STACK_CHART: PinnedChart =
  PINNED_VERSIONS.chart("kube-prometheus-stack");

const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;
const QUANTITY = /^\d+(Mi|Gi|Ti)$/;
const ADMIN_SECRET = "grafana-admin";

export interface ClusterMonitoringArgs {
  /** Where Grafana is served, e.g. `grafana.sector7.helloworlddao.com`. */
  readonly grafanaHost: string;
  readonly ingressClassName: pulumi.Input<string>;
  /** ClusterIssuer that signs Grafana's certificate. */
  readonly clusterIssuer: pulumi.Input<string>;
  /** StorageClass of Prometheus' claim (Longhorn). */
  readonly storageClassName: pulumi.Input<string>;
  /** How long Prometheus keeps samples, e.g. `15d`. Default: `15d`. */
  readonly prometheusRetention?: string;
  /** Size of Prometheus' claim, e.g. `20Gi`. Default: `20Gi`. */
  readonly prometheusStorageSize?: string;
  /** Default: `admin`. */
  readonly grafanaAdminUser?: string;
  /** Resources that must exist first: storage, ingress controller, issuers. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
  /** Default: `monitoring` (privileged: node-exporter reads the host). Retained on delete. */
  readonly namespace?: string;
  /** Default: {@link KUBE_PROMETHEUS_STACK_CHART}. */
  readonly chart?: PinnedChart;
}

/**
 * Prometheus and Grafana (seed 004, phase 6.1): Grafana at its own host behind TLS with a
 * generated admin password, Prometheus' data on a Longhorn claim the StatefulSet retains.
 */
export class ClusterMonitoring extends pulumi.ComponentResource {
  readonly release: kubernetes.helm.v3.Release;
  readonly grafanaUrl: pulumi.Output<string>;
  readonly grafanaAdminUser: pulumi.Output<string>;
  readonly grafanaAdminPassword: pulumi.Output<string>;

  constructor(name: string, args: ClusterMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:monitoring:ClusterMonitoring", name, {}, opts);

    const chart = args.chart ?? KUBE_PROMETHEUS_STACK_CHART;
    const retention = args.prometheusRetention ?? "15d";
    const size = args.prometheusStorageSize ?? "20Gi";
    const problems = [
      chartPinProblem(chart),
      DURATION.test(retention) ? undefined : `prometheusRetention "${retention}" is not like 15d`,
      QUANTITY.test(size) ? undefined : `prometheusStorageSize "${size}" is not like 20Gi`,
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
      throw new pulumi.ResourceError(problems.join("; "), this);
    }
    const child = { parent: this };
    const adminUser = args.grafanaAdminUser ?? "admin";

    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "monitoring", podSecurity: "privileged", retainOnDelete: true },
      child,
    );

    this.grafanaAdminPassword = pulumi.secret(
      new random.RandomPassword(
        `${name}-grafana-admin-password`,
        { length: 32, special: false },
        child,
      ).result,
    );
    const adminSecret = new kubernetes.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: ADMIN_SECRET, namespace: ns.metadata.name },
        type: "Opaque",
        stringData: {
          "admin-user": adminUser,
          "admin-password": this.grafanaAdminPassword,
        },
      },
      child,
    );

    this.release = pinnedRelease(
      `${name}-chart`,
      {
        chart,
        releaseName: "kube-prometheus-stack",
        namespace: ns.metadata.name,
        values: monitoringValues({
          grafanaHost: args.grafanaHost,
          grafanaAdminSecret: ADMIN_SECRET,
          ingressClassName: args.ingressClassName,
          clusterIssuer: args.clusterIssuer,
          storageClassName: args.storageClassName,
          prometheusRetention: retention,
          prometheusStorageSize: size,
        }),
        timeoutSeconds: 900,
      },
      { ...child, dependsOn: [adminSecret, ...(args.waitFor ?? [])] },
    );

    this.grafanaUrl = pulumi.output(`https://${args.grafanaHost}`);
    this.grafanaAdminUser = pulumi.output(adminUser);
    this.registerOutputs({
      grafanaUrl: this.grafanaUrl,
      grafanaAdminUser: this.grafanaAdminUser,
      grafanaAdminPassword: this.grafanaAdminPassword,
    });
  }
}
