import { ResourceValidationPolicy } from "@pulumi/policy";
import { allContainers, workloadOf } from "../lib/podSpecs";

const GPU = "nvidia.com/gpu";

export const kubernetesGpuPlacement: ResourceValidationPolicy = {
  name: "kubernetes-gpu-placement",
  description:
    "A pod that asks for nvidia.com/gpu is placed on the GPU node (nodeSelector or affinity) and names a runtimeClassName.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Add nodeSelector nvidia.com/gpu: present (or a node affinity) and runtimeClassName: nvidia.",
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, args.props);
    if (!workload) {
      return;
    }
    const spec = workload.spec;
    const wantsGpu = allContainers(spec).some(
      (c) => c.resources?.limits?.[GPU] !== undefined || c.resources?.requests?.[GPU] !== undefined,
    );
    if (!wantsGpu) {
      return;
    }
    if (!spec.nodeSelector && !spec.affinity?.nodeAffinity) {
      reportViolation(`requests ${GPU} without a nodeSelector or node affinity`);
    }
    if (!spec.runtimeClassName) {
      reportViolation(`requests ${GPU} without a runtimeClassName`);
    }
  },
};
