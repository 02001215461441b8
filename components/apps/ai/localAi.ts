import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { namespace } from "../../toolbox/kubernetes/namespace";
import {
  appLabels,
  ContainerResources,
  healthProbes,
  plainEnv,
  resourcesOf,
  selectorOf,
} from "../../toolbox/workloads/containers";
import { dataClaim } from "../../toolbox/workloads/persistentClaim";
import {
  GpuPlacement,
  platformDefaults,
  ServicesPlatform,
} from "../../toolbox/workloads/servicesPlatform";
import { AI_IMAGES, OLLAMA_PORT, QDRANT_GRPC_PORT, QDRANT_HTTP_PORT } from "./aiImages";

export const DEFAULT_OLLAMA_RESOURCES: ContainerResources = {
  requests: { cpu: "500m", memory: "2Gi" },
  limits: { cpu: "4", memory: "12Gi" },
};
export const DEFAULT_QDRANT_RESOURCES: ContainerResources = {
  requests: { cpu: "100m", memory: "256Mi" },
  limits: { cpu: "1", memory: "2Gi" },
};

/** Model names as `ollama pull` takes them: `llama3.2`, `nomic-embed-text`, `qwen2.5:7b`. */
export const OLLAMA_MODEL = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?(:[A-Za-z0-9._-]+)?$/;

export interface LocalAiArgs {
  /** Default: `ai`. Retained on delete: it holds the model and vector claims. */
  readonly namespace?: string;
  /** GPU placement and how many GPU slices Ollama takes; undefined or 0: Ollama runs on CPU. */
  readonly gpu?: GpuPlacement & { readonly count: number };
  /** Models pulled after Ollama starts (n8n's starter kit pulls `llama3.2`). Default: none. */
  readonly models?: readonly string[];
  /** Size of Ollama's model claim (`/root/.ollama`). Default: `100Gi`. */
  readonly ollamaStorageSize?: string;
  /** Default: {@link DEFAULT_OLLAMA_RESOURCES}. */
  readonly ollamaResources?: ContainerResources;
  /** Run Qdrant as a vector store too. Default: false. */
  readonly qdrant?: boolean;
  /** Size of Qdrant's claim (`/qdrant/storage`). Default: `20Gi`. */
  readonly qdrantStorageSize?: string;
  /** Default: {@link DEFAULT_QDRANT_RESOURCES}. */
  readonly qdrantResources?: ContainerResources;
  /** Default: {@link AI_IMAGES}. */
  readonly images?: { readonly ollama: string; readonly qdrant: string };
  readonly platform: ServicesPlatform;
}

/** A single-replica server with a data claim, as a Recreate Deployment and ClusterIP Service. */
interface Server {
  readonly deployment: kubernetes.apps.v1.Deployment;
  readonly service: kubernetes.core.v1.Service;
  readonly claim: kubernetes.core.v1.PersistentVolumeClaim;
}

/**
 * What n8n's self-hosted AI starter kit runs next to n8n, in the cluster: Ollama holding the
 * GPU (one time-sliced share of it by default) with its models on a Longhorn claim and pulled
 * by a Job, and optionally Qdrant. Both are ClusterIP only: no Ingress, never public.
 */
export class LocalAi extends pulumi.ComponentResource {
  readonly namespaceName: string;
  readonly namespace: kubernetes.core.v1.Namespace;
  readonly ollama: Server;
  readonly qdrant?: Server;
  /** Pulls the configured models into Ollama; undefined when none are configured. */
  readonly modelPull?: kubernetes.batch.v1.Job;
  /** In-cluster URL of Ollama's API, for n8n's Ollama credential. */
  readonly ollamaUrl: string;
  /** In-cluster URL of Qdrant's REST API; undefined when Qdrant is off. */
  readonly qdrantUrl?: string;

  constructor(name: string, args: LocalAiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:ai:LocalAi", name, {}, opts);
    const child = { parent: this };
    const platform = platformDefaults(args.platform);
    const images = args.images ?? AI_IMAGES;
    const models = args.models ?? [];
    for (const model of models) {
      if (!OLLAMA_MODEL.test(model)) {
        throw new pulumi.ResourceError(`${name}: "${model}" is not an Ollama model name`, this);
      }
    }
    this.namespaceName = args.namespace ?? "ai";
    this.namespace = namespace(
      `${name}-namespace`,
      { name: this.namespaceName, podSecurity: "baseline", retainOnDelete: true },
      child,
    );
    const ns = this.namespace.metadata.name;
    const host = (service: string, port: number) =>
      `http://${service}.${this.namespaceName}.svc.cluster.local:${port}`;

    const server = (
      key: string,
      spec: {
        image: string;
        ports: { name: string; port: number }[];
        mountPath: string;
        size: string;
        resources: ContainerResources;
        env?: kubernetes.types.input.core.v1.EnvVar[];
        liveness: string;
        readiness: string;
        gpu?: GpuPlacement & { readonly count: number };
      },
    ): Server => {
      const labels = appLabels(key, "ai");
      const claim = dataClaim(
        `${name}-${key}-data`,
        {
          name: `${key}-data`,
          namespace: ns,
          size: spec.size,
          storageClassName: platform.storageClassName,
          labels,
        },
        { ...child, dependsOn: platform.waitFor },
      );
      const port = spec.ports[0].port;
      const gpu = spec.gpu && spec.gpu.count > 0 ? spec.gpu : undefined;
      const deployment = new kubernetes.apps.v1.Deployment(
        `${name}-${key}-deployment`,
        {
          metadata: { name: key, namespace: ns, labels },
          spec: {
            replicas: 1,
            // The claim is ReadWriteOnce, and the GPU share is held until the old pod is gone.
            strategy: { type: "Recreate" },
            selector: { matchLabels: selectorOf(key) },
            template: {
              metadata: { labels },
              spec: {
                ...(gpu
                  ? {
                      nodeSelector: { ...gpu.nodeSelector },
                      runtimeClassName: gpu.runtimeClassName,
                    }
                  : {}),
                containers: [
                  {
                    name: key,
                    image: spec.image,
                    ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port })),
                    env: spec.env ?? [],
                    resources: resourcesOf(
                      spec.resources,
                      gpu ? { [gpu.resourceName]: String(gpu.count) } : {},
                    ),
                    ...healthProbes(
                      { kind: "http", path: spec.liveness, port },
                      { kind: "http", path: spec.readiness, port },
                    ),
                    volumeMounts: [{ name: "data", mountPath: spec.mountPath }],
                  },
                ],
                volumes: [
                  { name: "data", persistentVolumeClaim: { claimName: claim.metadata.name } },
                ],
              },
            },
          },
        },
        { ...child, dependsOn: [claim] },
      );
      const service = new kubernetes.core.v1.Service(
        `${name}-${key}-service`,
        {
          metadata: { name: key, namespace: ns, labels },
          spec: {
            type: "ClusterIP",
            selector: selectorOf(key),
            ports: spec.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name })),
          },
        },
        child,
      );
      return { deployment, service, claim };
    };

    this.ollama = server("ollama", {
      image: images.ollama,
      ports: [{ name: "http", port: OLLAMA_PORT }],
      // The image runs as root; HOME is /root, so models live in /root/.ollama/models.
      mountPath: "/root/.ollama",
      size: args.ollamaStorageSize ?? "100Gi",
      resources: args.ollamaResources ?? DEFAULT_OLLAMA_RESOURCES,
      // Keep a model loaded for an hour: reloading a model onto the GPU takes seconds per GB.
      env: plainEnv({ OLLAMA_KEEP_ALIVE: "1h" }),
      liveness: "/",
      readiness: "/api/version",
      gpu: args.gpu,
    });
    this.ollamaUrl = host("ollama", OLLAMA_PORT);

    if (models.length > 0) {
      // Pulls are idempotent: a model already on the claim is checked and skipped quickly.
      const script = models.map((m) => `ollama pull '${m}'`).join(" && ");
      this.modelPull = new kubernetes.batch.v1.Job(
        `${name}-model-pull`,
        {
          metadata: {
            name: "ollama-pull-models",
            namespace: ns,
            labels: appLabels("ollama-pull", "ai"),
          },
          spec: {
            backoffLimit: 6,
            template: {
              metadata: { labels: appLabels("ollama-pull", "ai") },
              spec: {
                restartPolicy: "OnFailure",
                containers: [
                  {
                    name: "pull",
                    image: images.ollama,
                    command: ["/bin/sh", "-c", script],
                    env: plainEnv({ OLLAMA_HOST: this.ollamaUrl }),
                    resources: resourcesOf({
                      requests: { cpu: "50m", memory: "64Mi" },
                      limits: { cpu: "500m", memory: "256Mi" },
                    }),
                  },
                ],
              },
            },
          },
        },
        {
          ...child,
          dependsOn: [this.ollama.deployment, this.ollama.service],
          // A Job's pod template is immutable: a changed model list is a new Job.
          deleteBeforeReplace: true,
          // Downloading several GB of models can take far longer than Pulumi's 10 minutes.
          customTimeouts: { create: "60m", update: "60m" },
        },
      );
    }

    if (args.qdrant) {
      this.qdrant = server("qdrant", {
        image: images.qdrant,
        ports: [
          { name: "http", port: QDRANT_HTTP_PORT },
          { name: "grpc", port: QDRANT_GRPC_PORT },
        ],
        // WORKDIR /qdrant and storage_path ./storage.
        mountPath: "/qdrant/storage",
        size: args.qdrantStorageSize ?? "20Gi",
        resources: args.qdrantResources ?? DEFAULT_QDRANT_RESOURCES,
        liveness: "/livez",
        readiness: "/readyz",
      });
      this.qdrantUrl = host("qdrant", QDRANT_HTTP_PORT);
    }
    this.registerOutputs({});
  }
}
