import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { readKnown } from "../lib/known";
import { describeContainer, listOf, SecurityContext, workloadOf } from "../lib/podSpecs";
import { stringListSchema } from "../lib/stringList";

interface Config {
  systemNamespaces: string[];
  allowedCapabilities: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    systemNamespaces: stringListSchema("Namespaces whose workloads may use host access", [
      "kube-system",
      "longhorn-system",
      "metallb-system",
      "nvidia-device-plugin",
      "monitoring",
    ]),
    allowedCapabilities: stringListSchema(
      "Capabilities a container outside the system namespaces may add (names without CAP_)",
      ["NET_BIND_SERVICE"],
    ),
  },
};

const PERSISTENT_VOLUME = "kubernetes:core/v1:PersistentVolume";

function capabilityName(value: string): string {
  return value.toUpperCase().replace(/^CAP_/, "");
}

/** What in one securityContext gives a container the host; each entry is a finding. */
function contextFindings(context: SecurityContext | undefined, allowedCaps: string[]): string[] {
  if (context === undefined) {
    return [];
  }
  if (context === null || typeof context !== "object") {
    return [`has securityContext ${JSON.stringify(context)}, not an object`];
  }
  const found: string[] = [];
  if (context.privileged !== undefined && context.privileged !== false) {
    found.push(
      context.privileged === true
        ? "is privileged"
        : `sets privileged to ${JSON.stringify(context.privileged)}, not a boolean`,
    );
  }
  if (
    context.allowPrivilegeEscalation !== undefined &&
    context.allowPrivilegeEscalation !== false
  ) {
    found.push(`allows privilege escalation (${JSON.stringify(context.allowPrivilegeEscalation)})`);
  }
  if (context.runAsUser !== undefined && typeof context.runAsUser !== "number") {
    found.push(`sets runAsUser to ${JSON.stringify(context.runAsUser)}, not a number`);
  } else if (context.runAsUser === 0) {
    found.push("runs as root (runAsUser: 0)");
  }
  if (context.procMount !== undefined && context.procMount !== "Default") {
    found.push(`sets procMount ${JSON.stringify(context.procMount)}`);
  }
  for (const profile of ["seccompProfile", "appArmorProfile"] as const) {
    if (context[profile]?.type === "Unconfined") {
      found.push(`sets ${profile} Unconfined`);
    }
  }
  const add = context.capabilities?.add;
  if (add !== undefined && !Array.isArray(add)) {
    found.push(`has capabilities.add ${JSON.stringify(add)}, not a list`);
  }
  for (const cap of listOf<unknown>(add)) {
    if (typeof cap !== "string" || !allowedCaps.map(capabilityName).includes(capabilityName(cap))) {
      found.push(`adds capability ${typeof cap === "string" ? cap : JSON.stringify(cap)}`);
    }
  }
  return found;
}

export const kubernetesNoHostAccess: ResourceValidationPolicy = {
  name: "kubernetes-no-host-access",
  description:
    "Outside the allowlisted system namespaces, no workload (or workload patch) runs privileged, allows privilege escalation, runs as UID 0, adds a capability beyond the allowlist, drops seccomp/AppArmor confinement, uses hostNetwork, hostPID, hostIPC, a hostPort or a hostPath volume; no PersistentVolume is a hostPath or local volume.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Drop privileged, allowPrivilegeEscalation, runAsUser: 0, added capabilities, Unconfined " +
    "profiles, hostNetwork, hostPID, hostIPC, hostPort and hostPath volumes; use a PVC of the " +
    "longhorn class for data and a Service behind the Ingress for traffic. System components " +
    "that need the host belong in a namespace listed in this policy's systemNamespaces config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    if (args.type === PERSISTENT_VOLUME || args.type === `${PERSISTENT_VOLUME}Patch`) {
      // Cluster-scoped: whoever claims it gets the node's directory, in any namespace.
      const pv = readKnown<{ metadata?: { name?: string }; spec?: Record<string, unknown> }>(
        args.props,
      ).value;
      for (const kind of ["hostPath", "local"]) {
        const source = pv.spec?.[kind] as { path?: unknown } | undefined;
        if (source !== undefined) {
          reportViolation(
            `PersistentVolume ${pv.metadata?.name ?? args.name} is a ${kind} volume of node path ${String(source?.path)}`,
          );
        }
      }
      return;
    }
    const workload = workloadOf(args.type, readKnown(args.props));
    // A namespace unknown during preview may be a system one: checked again at update time.
    if (!workload || workload.namespace === undefined) {
      return;
    }
    if (config.systemNamespaces.includes(workload.namespace)) {
      return;
    }
    const spec = workload.spec;
    const where = `in namespace ${workload.namespace}`;
    for (const field of ["hostNetwork", "hostPID", "hostIPC", "hostUsers"] as const) {
      const value = (spec as Record<string, unknown>)[field];
      const hostish =
        field === "hostUsers" ? value === true : value !== undefined && value !== false;
      if (hostish) {
        const how = value === true ? "is set" : `is set to ${JSON.stringify(value)}`;
        reportViolation(`${field} ${how} ${where}`);
      }
    }
    if (spec.volumes !== undefined && !Array.isArray(spec.volumes)) {
      reportViolation(`volumes is ${JSON.stringify(spec.volumes)}, not a list, ${where}`);
    }
    for (const volume of listOf<NonNullable<typeof spec.volumes>[number]>(spec.volumes)) {
      if (volume?.hostPath !== undefined) {
        reportViolation(
          `volume ${volume.name ?? "?"} mounts hostPath ${String(volume.hostPath?.path ?? "?")} ${where}`,
        );
      }
    }
    for (const finding of contextFindings(spec.securityContext, config.allowedCapabilities)) {
      reportViolation(`the pod ${finding} ${where}`);
    }
    for (const container of workload.containers) {
      const who = describeContainer(container);
      for (const finding of contextFindings(
        container.spec.securityContext,
        config.allowedCapabilities,
      )) {
        reportViolation(`${who} ${finding} ${where}`);
      }
      for (const port of listOf<{ hostPort?: unknown; containerPort?: unknown }>(
        container.spec.ports,
      )) {
        if (port?.hostPort !== undefined && port.hostPort !== 0) {
          reportViolation(
            `${who} binds hostPort ${String(port.hostPort)} (container port ${String(port.containerPort)}) on the node ${where}`,
          );
        }
      }
    }
  },
};
