import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartPinProblem, PinnedChart, pinnedRelease } from "../../toolbox/kubernetes/helmRelease";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { parseIpv4Range } from "../../toolbox/network/ipv4Range";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** MetalLB's chart (metallb/metallb, tag metallb-chart-0.16.1). */
export const METALLB_CHART: PinnedChart = PINNED_VERSIONS.chart("metallb");

/** The API group and version of MetalLB's IPAddressPool and L2Advertisement CRDs. */
export const METALLB_API_VERSION = "metallb.io/v1beta1";

export interface MetalLBPoolArgs {
  /**
   * The addresses MetalLB may assign to LoadBalancer Services: `start-end`
   * (192.168.2.200-192.168.2.220) or a CIDR block. The stack checks them against the node subnet.
   */
  readonly addresses: string;
  /** Name of the IPAddressPool. Default: `default-pool`. */
  readonly poolName?: string;
  /** Name of the L2Advertisement that announces the pool. Default: `<poolName>-l2`. */
  readonly advertisementName?: string;
  /** Namespace MetalLB runs in, created privileged (the speaker needs host networking). Default: `metallb-system`. */
  readonly namespace?: string;
  /** Default: {@link METALLB_CHART}. */
  readonly chart?: PinnedChart;
}

/**
 * MetalLB in layer-2 mode with one address pool (seed 004, phase 2.1): the chart, then the
 * IPAddressPool and the L2Advertisement, which MetalLB's admission webhook accepts only once the
 * chart's controller runs.
 */
export class MetalLBPool extends pulumi.ComponentResource {
  readonly release: kubernetes.helm.v3.Release;
  readonly pool: kubernetes.apiextensions.CustomResource;
  readonly advertisement: kubernetes.apiextensions.CustomResource;
  readonly poolName: pulumi.Output<string>;
  readonly addresses: pulumi.Output<string>;

  constructor(name: string, args: MetalLBPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:metallb:MetalLBPool", name, {}, opts);

    const chart = args.chart ?? METALLB_CHART;
    const problem = chartPinProblem(chart);
    if (problem) {
      throw new pulumi.ResourceError(problem, this);
    }
    if (!parseIpv4Range(args.addresses)) {
      throw new pulumi.ResourceError(
        `addresses "${args.addresses}" is not start-end (start <= end) or a CIDR block`,
        this,
      );
    }
    const poolName = args.poolName ?? "default-pool";
    const advertisementName = args.advertisementName ?? `${poolName}-l2`;

    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "metallb-system", podSecurity: "privileged" },
      { parent: this },
    );

    this.release = pinnedRelease(
      `${name}-chart`,
      {
        chart,
        releaseName: "metallb",
        namespace: ns.metadata.name,
        values: {
          // Layer 2 needs neither FRR nor FRR-K8s (the chart's default BGP backend).
          frrk8s: { enabled: false },
          speaker: { frr: { enabled: false } },
          crds: { enabled: true },
        },
      },
      { parent: this },
    );

    // CRD users wait for the release: the CRDs and the webhook that validates pools must exist.
    this.pool = new kubernetes.apiextensions.CustomResource(
      `${name}-pool`,
      {
        apiVersion: METALLB_API_VERSION,
        kind: "IPAddressPool",
        metadata: { name: poolName, namespace: ns.metadata.name },
        spec: { addresses: [args.addresses], autoAssign: true },
      },
      { parent: this, dependsOn: [this.release] },
    );

    this.advertisement = new kubernetes.apiextensions.CustomResource(
      `${name}-l2`,
      {
        apiVersion: METALLB_API_VERSION,
        kind: "L2Advertisement",
        metadata: { name: advertisementName, namespace: ns.metadata.name },
        spec: { ipAddressPools: [poolName] },
      },
      { parent: this, dependsOn: [this.release, this.pool] },
    );

    this.poolName = pulumi.output(poolName);
    this.addresses = pulumi.output(args.addresses);
    this.registerOutputs({ poolName: this.poolName, addresses: this.addresses });
  }
}
