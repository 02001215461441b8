import { KnownInputs } from "./known";

/** The parts of a Kubernetes container the workload policies read. */
export interface ContainerSpec {
  readonly name?: string;
  readonly image?: string;
  readonly env?: readonly {
    name?: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: unknown;
      configMapKeyRef?: unknown;
      fieldRef?: unknown;
      resourceFieldRef?: unknown;
    };
  }[];
  readonly resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  readonly envFrom?: readonly { configMapRef?: { name?: string }; secretRef?: unknown }[];
  readonly ports?: readonly { containerPort?: number; hostPort?: number; hostIP?: string }[];
  readonly volumeMounts?: readonly { name?: string; mountPath?: string; subPath?: string }[];
  readonly securityContext?: SecurityContext;
}

/** The parts of a (pod or container) securityContext the host-access policy reads. */
export interface SecurityContext {
  readonly privileged?: unknown;
  readonly allowPrivilegeEscalation?: unknown;
  readonly runAsUser?: unknown;
  readonly runAsNonRoot?: unknown;
  readonly procMount?: unknown;
  readonly capabilities?: { add?: unknown };
  readonly seccompProfile?: { type?: unknown };
  readonly appArmorProfile?: { type?: unknown };
}

/** The parts of a pod spec the workload policies read. */
export interface PodSpec {
  readonly containers?: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly volumes?: readonly {
    name?: string;
    hostPath?: { path?: string };
    persistentVolumeClaim?: { claimName?: string };
  }[];
  readonly securityContext?: SecurityContext;
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: { nodeAffinity?: unknown };
  readonly runtimeClassName?: string;
}

export interface WorkloadContainer {
  readonly spec: ContainerSpec;
  /** Where it sits in the inputs, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly kind: "container" | "init container";
}

export interface Workload {
  /** The namespace, or undefined while it is unknown (a Namespace created in the same update). */
  readonly namespace: string | undefined;
  readonly spec: PodSpec;
  /** Where the pod spec sits in the inputs, e.g. `spec.template.spec`. */
  readonly specPath: string;
  readonly containers: WorkloadContainer[];
}

/** Resource types that carry a pod template, and where its pod spec sits. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:core/v1:Pod": ["spec"],
  "kubernetes:core/v1:PodTemplate": ["template", "spec"],
  "kubernetes:core/v1:ReplicationController": ["spec", "template", "spec"],
  "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
  "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

interface Metadata {
  metadata?: { namespace?: string };
}

/**
 * The resource type a patch (`DeploymentPatch`, `ServicePatch`) or a full resource changes:
 * server-side apply patches merge into the live object, so they are checked as that object.
 */
export function baseType(type: string): string {
  return type.startsWith("kubernetes:") && type.endsWith("Patch")
    ? type.slice(0, -"Patch".length)
    : type;
}

/** A value as a list, or empty when it is missing or malformed (reported by the policies). */
export function listOf<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The pod spec a workload resource (or its patch) runs, or undefined for other types. */
export function workloadOf(type: string, inputs: KnownInputs<unknown>): Workload | undefined {
  const keys = POD_SPEC_PATHS[baseType(type)];
  if (!keys) {
    return undefined;
  }
  let spec: unknown = inputs.value;
  for (const key of keys) {
    spec = (spec as Record<string, unknown> | undefined)?.[key];
  }
  if (spec === undefined || spec === null || typeof spec !== "object") {
    return undefined;
  }
  const specPath = keys.join(".");
  const pod = spec as PodSpec;
  const containers: WorkloadContainer[] = [
    ...listOf<ContainerSpec>(pod.initContainers).map((c, i) => ({
      spec: c && typeof c === "object" ? c : {},
      path: `${specPath}.initContainers[${i}]`,
      kind: "init container" as const,
    })),
    ...listOf<ContainerSpec>(pod.containers).map((c, i) => ({
      spec: c && typeof c === "object" ? c : {},
      path: `${specPath}.containers[${i}]`,
      kind: "container" as const,
    })),
  ];
  const namespace = inputs.isKnown("metadata.namespace")
    ? ((inputs.value as Metadata).metadata?.namespace ?? "default")
    : undefined;
  return { namespace, spec: pod, specPath, containers };
}

/** `container app` or `init container migrate`, for messages. */
export function describeContainer(container: WorkloadContainer): string {
  const name = container.spec.name;
  return `${container.kind} ${typeof name === "string" ? name : container.path}`;
}
