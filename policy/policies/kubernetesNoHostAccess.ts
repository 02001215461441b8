import { ResourceValidationPolicy } from "@pulumi/policy";
import { allContainers, workloadOf } from "../lib/podSpecs";
import { stringListSchema } from "../lib/stringList";

export const kubernetesNoHostAccess: ResourceValidationPolicy = {
  name: "kubernetes-no-host-access",
  description:
    "Outside the allowlisted system namespaces, no workload is privileged or uses hostNetwork, hostPID, hostIPC or hostPath.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Drop privileged, hostNetwork, hostPID, hostIPC and hostPath volumes; use a PVC. System " +
    "components that need the host (storage, load balancer, device plugins) belong in a " +
    "namespace listed in systemNamespaces.",
  configSchema: {
    properties: {
      systemNamespaces: stringListSchema("Namespaces whose workloads may use host access", [
        "kube-system",
        "longhorn-system",
        "metallb-system",
        "nvidia-device-plugin",
        "monitoring",
      ]),
    },
  },
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, args.props);
    if (!workload) {
      return;
    }
    const allowed = args.getConfig<{ systemNamespaces: string[] }>().systemNamespaces;
    if (allowed.includes(workload.namespace)) {
      return;
    }
    const spec = workload.spec;
    const where = `in namespace ${workload.namespace}`;
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
      if (spec[field]) {
        reportViolation(`${field} is set ${where}`);
      }
    }
    for (const volume of spec.volumes ?? []) {
      if (volume.hostPath) {
        reportViolation(
          `volume ${volume.name ?? "?"} mounts hostPath ${volume.hostPath.path ?? "?"} ${where}`,
        );
      }
    }
    for (const container of allContainers(spec)) {
      if (container.securityContext?.privileged) {
        reportViolation(`container ${container.name ?? "?"} is privileged ${where}`);
      }
    }
  },
};
