import * as command from "@pulumi/command";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { remoteScript, SshTarget } from "../../toolbox/hosts/remoteScript";
import { chartPinProblem, PinnedChart, pinnedRelease } from "../../toolbox/kubernetes/helmRelease";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { devicePluginValues, GPU_NODE_LABEL, GPU_RESOURCE_NAME } from "./devicePluginValues";
import { GpuHostPrerequisites, gpuHostPrerequisitesScript } from "./hostPrerequisites";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** NVIDIA's device plugin chart (NVIDIA/k8s-device-plugin, tag v0.20.0). */
export const NVIDIA_DEVICE_PLUGIN_CHART: PinnedChart =
  PINNED_VERSIONS.chart("nvidia-device-plugin");

export interface NvidiaGpuNodeArgs {
  /** The Kubernetes name of the node with the GPU (seed 004: aurora). */
  readonly nodeName: string;
  /** Pods that may share one GPU by time-slicing; 1 turns sharing off. Default: 1. */
  readonly timeSlicingReplicas?: number;
  /**
   * Install the driver and container toolkit on the node over SSH first. Default: none (the
   * node was prepared by hand).
   */
  readonly hostPrerequisites?: GpuHostPrerequisites & { readonly ssh: SshTarget };
  /** RuntimeClass (and containerd handler) of the NVIDIA runtime. Default: `nvidia`, k3s' name. */
  readonly runtimeClassName?: string;
  /** Default: `nvidia-device-plugin` (privileged: the plugin reads host devices). */
  readonly namespace?: string;
  /** Default: {@link NVIDIA_DEVICE_PLUGIN_CHART}. */
  readonly chart?: PinnedChart;
}

/**
 * One GPU node made schedulable (seed 004, phase 3): labelled `nvidia.com/gpu=present`, the
 * `nvidia` RuntimeClass ensured, and NVIDIA's device plugin running on labelled nodes only, with
 * optional time-slicing. Pods then request `nvidia.com/gpu` with `runtimeClassName: nvidia`.
 */
export class NvidiaGpuNode extends pulumi.ComponentResource {
  readonly release: kubernetes.helm.v3.Release;
  readonly hostPrerequisites?: command.remote.Command;
  /** The resource pods request. */
  readonly resourceName: pulumi.Output<string>;
  readonly nodeName: pulumi.Output<string>;
  readonly runtimeClassName: pulumi.Output<string>;
  /** GPUs' worth of pods each physical GPU admits. */
  readonly sharedReplicas: pulumi.Output<number>;

  constructor(name: string, args: NvidiaGpuNodeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:nvidia:NvidiaGpuNode", name, {}, opts);

    const chart = args.chart ?? NVIDIA_DEVICE_PLUGIN_CHART;
    const replicas = args.timeSlicingReplicas ?? 1;
    const runtimeClassName = args.runtimeClassName ?? "nvidia";
    const pinProblem = chartPinProblem(chart);
    if (pinProblem) {
      throw new pulumi.ResourceError(pinProblem, this);
    }
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw new pulumi.ResourceError(
        `timeSlicingReplicas ${replicas} is not a whole number >= 1`,
        this,
      );
    }
    const child = { parent: this };

    const prepared = args.hostPrerequisites;
    this.hostPrerequisites =
      prepared &&
      remoteScript(
        `${name}-host-prerequisites`,
        prepared.ssh,
        gpuHostPrerequisitesScript(prepared),
        child,
      );
    const afterHost = this.hostPrerequisites ? [this.hostPrerequisites] : [];

    const label = new kubernetes.core.v1.NodePatch(
      `${name}-label`,
      {
        metadata: {
          name: args.nodeName,
          labels: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
        },
      },
      { ...child, dependsOn: afterHost },
    );

    // k3s pre-installs this RuntimeClass on recent releases; a patch creates it where it is
    // missing and leaves k3s' object in place (a plain create would fail with AlreadyExists).
    const runtimeClass = new kubernetes.node.v1.RuntimeClassPatch(
      `${name}-runtime-class`,
      { metadata: { name: runtimeClassName }, handler: runtimeClassName },
      child,
    );

    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "nvidia-device-plugin", podSecurity: "privileged" },
      child,
    );

    this.release = pinnedRelease(
      `${name}-device-plugin`,
      {
        chart,
        releaseName: "nvidia-device-plugin",
        namespace: ns.metadata.name,
        values: devicePluginValues(runtimeClassName, replicas),
      },
      { ...child, dependsOn: [label, runtimeClass, ...afterHost] },
    );

    this.resourceName = pulumi.output(GPU_RESOURCE_NAME);
    this.nodeName = pulumi.output(args.nodeName);
    this.runtimeClassName = pulumi.output(runtimeClassName);
    this.sharedReplicas = pulumi.output(replicas);
    this.registerOutputs({
      resourceName: this.resourceName,
      nodeName: this.nodeName,
      runtimeClassName: this.runtimeClassName,
      sharedReplicas: this.sharedReplicas,
    });
  }
}
