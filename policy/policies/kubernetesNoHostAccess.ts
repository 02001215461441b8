import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { describeContainer, workloadOf } from "../lib/podSpecs";
import { stringListSchema } from "../lib/stringList";

const configSchema: PolicyConfigSchema = {
  properties: {
    systemNamespaces: stringListSchema("Namespaces whose workloads may use host access", [
      "kube-system",
      "longhorn-system",
      "metallb-system",
      "nvidia-device-plugin",
      "monitoring",
    ]),
  },
};

export const kubernetesNoHostAccess: ResourceValidationPolicy = {
  name: "kubernetes-no-host-access",
  description:
    "Outside the allowlisted system namespaces, no workload runs a privileged container or uses hostNetwork, hostPID, hostIPC or a hostPath volume.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Drop privileged, hostNetwork, hostPID, hostIPC and hostPath volumes; use a PVC for data. " +
    "System components that need the host (storage, load balancer, device plugins, node " +
    "exporters) belong in a namespace listed in this policy's systemNamespaces config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const workload = workloadOf(args.type, readKnown(args.props));
    // A namespace unknown during preview may be a system one: checked again at update time.
    if (!workload || workload.namespace === undefined) {
      return;
    }
    const { systemNamespaces } = configWithDefaults<{ systemNamespaces: string[] }>(
      configSchema,
      args.getConfig(),
    );
    if (systemNamespaces.includes(workload.namespace)) {
      return;
    }
    const spec = workload.spec;
    const where = `in namespace ${workload.namespace}`;
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
      if (spec[field] === true) {
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
    for (const container of workload.containers) {
      if (container.spec.securityContext?.privileged === true) {
        reportViolation(`${describeContainer(container)} is privileged ${where}`);
      }
    }
  },
};
