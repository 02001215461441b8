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
import { dataClaim } from "./persistentClaim";
import { platformDefaults, ServicesPlatform } from "./servicesPlatform";
import { tlsIngress } from "./tlsIngress";

type EnvVar = kubernetes.types.input.core.v1.EnvVar;
type Container = kubernetes.types.input.core.v1.Container;

/** Pulumi waits this long for a Deployment to become ready unless told otherwise. */
const PULUMI_DEFAULT_WAIT_SECONDS = 600;

export interface WebAppArgs {
  readonly namespace: pulumi.Input<string>;
  /** Kubernetes name of the Deployment, Service, claim (`<appName>-data`) and Ingress. */
  readonly appName: string;
  /** A pinned image reference. */
  readonly image: string;
  readonly containerPort: number;
  /** Public host, served over TLS at `/`. */
  readonly host: string;
  readonly env?: pulumi.Input<EnvVar>[];
  /** The data claim and where it is mounted. */
  readonly data: { readonly mountPath: string; readonly size: string };
  readonly resources: ContainerResources;
  /** Liveness check; readiness uses `readiness` when given. */
  readonly health: HealthCheck;
  readonly readiness?: HealthCheck;
  /** Seconds a first start may take before liveness applies. Default: 300. */
  readonly startupSeconds?: number;
  /** Group that owns the mounted volume, for images that run as a non-root user. */
  readonly fsGroup?: number;
  /** Extended resources requested and limited alike, e.g. `{ "nvidia.com/gpu": "1" }`. */
  readonly extendedResources?: Readonly<Record<string, string>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly runtimeClassName?: string;
  /** Extra ingress-nginx annotations (body size, timeouts). */
  readonly ingressAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Further containers of the pod (e.g. a cron runner); they may mount the `data` volume. */
  readonly sidecars?: readonly Container[];
  readonly platform: ServicesPlatform;
  /** Resources the Deployment waits for (databases, their provisioning job, secrets). */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

/**
 * One web application: a single-replica Deployment (Recreate, since its data claim is
 * ReadWriteOnce) with its data on a protected, retained claim, a ClusterIP Service on port 80,
 * and a TLS Ingress at its host.
 */
export class WebApp extends pulumi.ComponentResource {
  readonly claim: kubernetes.core.v1.PersistentVolumeClaim;
  readonly deployment: kubernetes.apps.v1.Deployment;
  readonly service: kubernetes.core.v1.Service;
  readonly ingress: kubernetes.networking.v1.Ingress;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: WebAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:workloads:WebApp", name, {}, opts);
    const child = { parent: this };
    const platform = platformDefaults(args.platform);
    const labels = appLabels(args.appName);

    this.claim = dataClaim(
      `${name}-data`,
      {
        name: `${args.appName}-data`,
        namespace: args.namespace,
        size: args.data.size,
        storageClassName: platform.storageClassName,
        labels,
      },
      { ...child, dependsOn: platform.waitFor },
    );

    this.deployment = new kubernetes.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: args.appName, namespace: args.namespace, labels },
        spec: {
          replicas: 1,
          strategy: { type: "Recreate" },
          selector: { matchLabels: selectorOf(args.appName) },
          template: {
            metadata: { labels },
            spec: {
              ...(args.fsGroup !== undefined
                ? {
                    securityContext: {
                      fsGroup: args.fsGroup,
                      fsGroupChangePolicy: "OnRootMismatch",
                    },
                  }
                : {}),
              ...(args.nodeSelector ? { nodeSelector: { ...args.nodeSelector } } : {}),
              ...(args.runtimeClassName ? { runtimeClassName: args.runtimeClassName } : {}),
              containers: [
                {
                  name: args.appName,
                  image: args.image,
                  ports: [{ name: "http", containerPort: args.containerPort }],
                  env: args.env ?? [],
                  resources: resourcesOf(args.resources, args.extendedResources),
                  ...healthProbes(args.health, args.readiness, args.startupSeconds),
                  volumeMounts: [{ name: "data", mountPath: args.data.mountPath }],
                },
                ...(args.sidecars ?? []),
              ],
              volumes: [
                { name: "data", persistentVolumeClaim: { claimName: this.claim.metadata.name } },
              ],
            },
          },
        },
      },
      {
        ...child,
        dependsOn: [this.claim, ...(args.waitFor ?? [])],
        ...deploymentTimeouts(args.startupSeconds),
      },
    );

    this.service = new kubernetes.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: args.appName, namespace: args.namespace, labels },
        spec: {
          type: "ClusterIP",
          selector: selectorOf(args.appName),
          ports: [{ name: "http", port: 80, targetPort: "http" }],
        },
      },
      child,
    );

    this.ingress = tlsIngress(
      `${name}-ingress`,
      {
        name: args.appName,
        namespace: args.namespace,
        host: args.host,
        paths: [{ path: "/", serviceName: this.service.metadata.name, servicePort: 80 }],
        ingressClassName: platform.ingressClassName,
        clusterIssuer: platform.clusterIssuer,
        annotations: args.ingressAnnotations,
      },
      { ...child, dependsOn: [this.deployment, ...platform.waitFor] },
    );

    this.url = pulumi.output(`https://${args.host}`);
    this.registerOutputs({ url: this.url });
  }
}

/**
 * Pulumi waits 10 minutes for a Deployment to be ready; an app allowed a longer first start
 * (startup probe) gets that plus 5 minutes for the image pull and scheduling.
 */
export function deploymentTimeouts(startupSeconds: number | undefined): {
  customTimeouts?: pulumi.CustomTimeouts;
} {
  if (startupSeconds === undefined || startupSeconds + 300 <= PULUMI_DEFAULT_WAIT_SECONDS) {
    return {};
  }
  const minutes = `${Math.ceil((startupSeconds + 300) / 60)}m`;
  return { customTimeouts: { create: minutes, update: minutes } };
}
