import { stringify } from "yaml";

/** The label that marks GPU nodes (seed 004, phase 3.1) and confines the device plugin to them. */
export const GPU_NODE_LABEL = { key: "nvidia.com/gpu", value: "present" } as const;

/** The extended resource the plugin advertises and pods request. */
export const GPU_RESOURCE_NAME = "nvidia.com/gpu";

/**
 * The plugin's config file that shares each GPU between `replicas` pods by time-slicing. The
 * resource keeps its name (renameByDefault false), so pods keep requesting nvidia.com/gpu.
 */
export function timeSlicingConfig(replicas: number): string {
  return stringify({
    version: "v1",
    sharing: { timeSlicing: { resources: [{ name: GPU_RESOURCE_NAME, replicas }] } },
  });
}

/** nvidia-device-plugin chart values: labelled nodes only, the nvidia runtime, optional sharing. */
export function devicePluginValues(
  runtimeClassName: string,
  timeSlicingReplicas: number,
): Record<string, unknown> {
  const onGpuNodes = { key: GPU_NODE_LABEL.key, operator: "In", values: [GPU_NODE_LABEL.value] };
  return {
    runtimeClassName,
    nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
    // Replaces the chart's default affinity, which wants Node Feature Discovery's labels that
    // this cluster does not run.
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [onGpuNodes] }],
        },
      },
    },
    ...(timeSlicingReplicas > 1
      ? { config: { map: { default: timeSlicingConfig(timeSlicingReplicas) }, default: "default" } }
      : {}),
  };
}
