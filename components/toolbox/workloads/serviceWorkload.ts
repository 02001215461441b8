import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  appLabels,
  ContainerResources,
  HealthCheck,
  healthProbes,
  resourcesOf,
  selectorOf,
} from "./containers";
import { deploymentTimeouts } from "./webApp";

type EnvVar = kubernetes.types.input.core.v1.EnvVar;
type Volume = kubernetes.types.input.core.v1.Volume;
type VolumeMount = kubernetes.types.input.core.v1.VolumeMount;

export interface ServiceWorkloadSpec {
  /** StatefulSet for servers with a stable identity (databases), else Deployment. */
  readonly kind: "Deployment" | "StatefulSet";
  /** Kubernetes name of the workload, its Service and its container. */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
  /** Named container ports, each published by the ClusterIP Service on the same number. */
  readonly ports: readonly { readonly name: string; readonly port: number }[];
  readonly env?: pulumi.Input<EnvVar>[];
  readonly resources: ContainerResources;
  readonly health: HealthCheck;
  readonly readiness?: HealthCheck;
  readonly startupSeconds?: number;
  readonly volumes?: pulumi.Input<Volume>[];
  readonly volumeMounts?: pulumi.Input<VolumeMount>[];
  readonly fsGroup?: number;
}

export interface ServiceWorkload {
  readonly workload: kubernetes.apps.v1.Deployment | kubernetes.apps.v1.StatefulSet;
  readonly service: kubernetes.core.v1.Service;
  /** `http(s)`-less in-cluster address `<name>:<first port>`. */
  readonly address: string;
}

/**
 * One single-replica server and the ClusterIP Service in front of it. Deployments use the
 * Recreate strategy, so a ReadWriteOnce claim is never wanted by two pods at once.
 */
export function serviceWorkload(
  resourceName: string,
  spec: ServiceWorkloadSpec,
  opts: pulumi.CustomResourceOptions,
): ServiceWorkload {
  const labels = appLabels(spec.name, spec.partOf);
  const service = new kubernetes.core.v1.Service(
    `${resourceName}-service`,
    {
      metadata: { name: spec.name, namespace: spec.namespace, labels },
      spec: {
        type: "ClusterIP",
        selector: selectorOf(spec.name),
        ports: spec.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name })),
      },
    },
    { parent: opts.parent, provider: opts.provider },
  );

  const template = {
    metadata: { labels },
    spec: {
      ...(spec.fsGroup !== undefined
        ? { securityContext: { fsGroup: spec.fsGroup, fsGroupChangePolicy: "OnRootMismatch" } }
        : {}),
      containers: [
        {
          name: spec.name,
          image: spec.image,
          ...(spec.command ? { command: spec.command } : {}),
          ...(spec.args ? { args: spec.args } : {}),
          ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port })),
          env: spec.env ?? [],
          resources: resourcesOf(spec.resources),
          ...healthProbes(spec.health, spec.readiness, spec.startupSeconds),
          volumeMounts: spec.volumeMounts ?? [],
        },
      ],
      volumes: spec.volumes ?? [],
    },
  };
  const metadata = { name: spec.name, namespace: spec.namespace, labels };
  const selector = { matchLabels: selectorOf(spec.name) };

  const workload =
    spec.kind === "StatefulSet"
      ? new kubernetes.apps.v1.StatefulSet(
          `${resourceName}-statefulset`,
          {
            metadata,
            spec: { replicas: 1, serviceName: service.metadata.name, selector, template },
          },
          { ...deploymentTimeouts(spec.startupSeconds), ...opts },
        )
      : new kubernetes.apps.v1.Deployment(
          `${resourceName}-deployment`,
          { metadata, spec: { replicas: 1, strategy: { type: "Recreate" }, selector, template } },
          { ...deploymentTimeouts(spec.startupSeconds), ...opts },
        );
  return { workload, service, address: `${spec.name}:${spec.ports[0].port}` };
}
