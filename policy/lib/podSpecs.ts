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
  readonly securityContext?: { privileged?: boolean };
}

/** The parts of a pod spec the workload policies read. */
export interface PodSpec {
  readonly containers?: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly volumes?: readonly { name?: string; hostPath?: { path?: string } }[];
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

/** The pod spec a workload resource runs, or undefined for other resource types. */
export function workloadOf(type: string, inputs: KnownInputs<unknown>): Workload | undefined {
  const keys = POD_SPEC_PATHS[type];
  if (!keys) {
    return undefined;
  }
  let spec: unknown = inputs.value;
  for (const key of keys) {
    spec = (spec as Record<string, unknown> | undefined)?.[key];
  }
  if (spec === undefined || spec === null) {
    return undefined;
  }
  const specPath = keys.join(".");
  const pod = spec as PodSpec;
  const containers: WorkloadContainer[] = [
    ...(pod.initContainers ?? []).map((c, i) => ({
      spec: c,
      path: `${specPath}.initContainers[${i}]`,
      kind: "init container" as const,
    })),
    ...(pod.containers ?? []).map((c, i) => ({
      spec: c,
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
  return `${container.kind} ${container.spec.name ?? container.path}`;
}
