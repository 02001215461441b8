import { ResourceValidationPolicy } from "@pulumi/policy";
import { readKnown } from "../lib/known";
import { workloadOf } from "../lib/podSpecs";

const GPU = "nvidia.com/gpu";

export const kubernetesGpuPlacement: ResourceValidationPolicy = {
  name: "kubernetes-gpu-placement",
  description:
    "A pod with a container asking for nvidia.com/gpu (limits or requests) is placed on the GPU node (nodeSelector or node affinity) and names a runtimeClassName.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    'Add nodeSelector "nvidia.com/gpu.present": "true" (or a node affinity on the GPU node\'s ' +
    "labels) and runtimeClassName: nvidia, so the pod runs where the device plugin and the " +
    "NVIDIA container runtime are.",
  validateResource: (args, reportViolation) => {
    const inputs = readKnown(args.props);
    const workload = workloadOf(args.type, inputs);
    if (!workload) {
      return;
    }
    const gpuContainers = workload.containers.filter(
      (c) =>
        c.spec.resources?.limits?.[GPU] !== undefined ||
        c.spec.resources?.requests?.[GPU] !== undefined,
    );
    if (gpuContainers.length === 0) {
      return;
    }
    const who = gpuContainers.map((c) => c.spec.name ?? c.path).join(", ");
    const spec = workload.spec;
    const path = workload.specPath;
    const placed =
      Object.keys(spec.nodeSelector ?? {}).length > 0 || spec.affinity?.nodeAffinity !== undefined;
    if (
      !placed &&
      inputs.isKnown(`${path}.nodeSelector`) &&
      inputs.isKnown(`${path}.affinity.nodeAffinity`)
    ) {
      reportViolation(`${who} requests ${GPU} without a nodeSelector or node affinity`);
    }
    if (!spec.runtimeClassName && inputs.isKnown(`${path}.runtimeClassName`)) {
      reportViolation(`${who} requests ${GPU} without a runtimeClassName`);
    }
  },
};
