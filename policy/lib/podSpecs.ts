/** The parts of a Kubernetes pod spec the workload policies read. */
export interface ContainerSpec {
  readonly name?: string;
  readonly image?: string;
  readonly env?: readonly {
    name?: string;
    value?: string;
    valueFrom?: { secretKeyRef?: unknown; configMapKeyRef?: unknown; fieldRef?: unknown };
  }[];
  readonly resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  readonly securityContext?: { privileged?: boolean };
}

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

export interface Workload {
  readonly namespace: string;
  readonly spec: PodSpec;
}

interface WorkloadProps {
  metadata?: { namespace?: string };
  spec?: {
    template?: { spec?: PodSpec };
    jobTemplate?: { spec?: { template?: { spec?: PodSpec } } };
  } & PodSpec;
}

const TEMPLATE_KINDS = [
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:ReplicaSet",
  "kubernetes:batch/v1:Job",
];

/** The pod spec a workload resource runs, or undefined for other resource types. */
export function workloadOf(type: string, props: unknown): Workload | undefined {
  const p = props as WorkloadProps;
  const namespace = p.metadata?.namespace ?? "default";
  let spec: PodSpec | undefined;
  if (type === "kubernetes:core/v1:Pod") {
    spec = p.spec;
  } else if (TEMPLATE_KINDS.includes(type)) {
    spec = p.spec?.template?.spec;
  } else if (type === "kubernetes:batch/v1:CronJob") {
    spec = p.spec?.jobTemplate?.spec?.template?.spec;
  }
  return spec ? { namespace, spec } : undefined;
}

/** Containers and init containers together. */
export function allContainers(spec: PodSpec): ContainerSpec[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}
