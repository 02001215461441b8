import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A Helm chart pinned to one version of one repository. */
export interface PinnedChart {
  /** The chart repository URL (what `helm repo add` takes). */
  readonly repo: string;
  readonly chart: string;
  /** An exact chart version, never a range or `latest`. */
  readonly version: string;
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** Why a chart is not pinned, or undefined when it is. */
export function chartPinProblem(chart: PinnedChart): string | undefined {
  return EXACT_VERSION.test(chart.version)
    ? undefined
    : `chart ${chart.chart} version "${chart.version}" is not an exact version such as 1.2.3`;
}

export interface ReleaseSpec {
  readonly chart: PinnedChart;
  /** Helm release name; fixed, because Service and object names derive from it. */
  readonly releaseName: string;
  readonly namespace: pulumi.Input<string>;
  readonly values: pulumi.Input<Record<string, unknown>>;
  /** Seconds Helm waits for the release's workloads. Default: 600. */
  readonly timeoutSeconds?: number;
}

/**
 * A Helm release as one Pulumi resource. Unlike `helm.v4.Chart`, `helm.v3.Release` waits until
 * the release's workloads are ready, so `dependsOn` a release really orders users of its CRDs and
 * webhooks after them.
 */
export function pinnedRelease(
  resourceName: string,
  spec: ReleaseSpec,
  opts: pulumi.CustomResourceOptions,
): kubernetes.helm.v3.Release {
  return new kubernetes.helm.v3.Release(
    resourceName,
    {
      name: spec.releaseName,
      chart: spec.chart.chart,
      version: spec.chart.version,
      repositoryOpts: { repo: spec.chart.repo },
      namespace: spec.namespace,
      // Namespaces are created explicitly, with their Pod Security labels.
      createNamespace: false,
      values: spec.values,
      timeout: spec.timeoutSeconds ?? 600,
      cleanupOnFail: true,
      maxHistory: 10,
    },
    opts,
  );
}
