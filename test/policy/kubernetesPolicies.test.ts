import { describe, expect, it } from "vitest";
import { kubernetesExposedServices } from "../../policy/policies/kubernetesExposedServices";
import { kubernetesGpuPlacement } from "../../policy/policies/kubernetesGpuPlacement";
import { kubernetesImagePinned } from "../../policy/policies/kubernetesImagePinned";
import { kubernetesIngressTls } from "../../policy/policies/kubernetesIngressTls";
import { kubernetesNoHostAccess } from "../../policy/policies/kubernetesNoHostAccess";
import { kubernetesResourceLimits } from "../../policy/policies/kubernetesResourceLimits";
import { kubernetesSecretEnv } from "../../policy/policies/kubernetesSecretEnv";
import { kubernetesStorageClass } from "../../policy/policies/kubernetesStorageClass";
import { violations } from "./policyArgs";

const LIMITS = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "1", memory: "512Mi" },
};
const goodContainer = { name: "app", image: "n8nio/n8n:1.80.0", resources: LIMITS };

function deployment(podSpec: Record<string, unknown>, namespace = "apps") {
  return {
    type: "kubernetes:apps/v1:Deployment",
    props: {
      metadata: { name: "app", namespace },
      spec: { template: { spec: { containers: [goodContainer], ...podSpec } } },
    },
  };
}

describe("kubernetes-image-pinned", () => {
  it("passes pinned images in every workload kind", async () => {
    expect(await violations(kubernetesImagePinned, deployment({}))).toEqual([]);
    const cron = {
      type: "kubernetes:batch/v1:CronJob",
      props: {
        spec: { jobTemplate: { spec: { template: { spec: { containers: [goodContainer] } } } } },
      },
    };
    expect(await violations(kubernetesImagePinned, cron)).toEqual([]);
  });

  it("fails latest in a container and an untagged init container, also inside a CronJob", async () => {
    const found = await violations(
      kubernetesImagePinned,
      deployment({
        containers: [{ name: "a", image: "n8nio/n8n:latest" }],
        initContainers: [{ name: "b", image: "busybox" }],
      }),
    );
    expect(found).toHaveLength(2);
    const cron = {
      type: "kubernetes:batch/v1:CronJob",
      props: {
        spec: {
          jobTemplate: {
            spec: { template: { spec: { containers: [{ name: "d", image: "postgres" }] } } },
          },
        },
      },
    };
    expect(await violations(kubernetesImagePinned, cron)).toHaveLength(1);
  });
});

describe("kubernetes-no-host-access", () => {
  const hostly = {
    hostNetwork: true,
    hostPID: true,
    volumes: [{ name: "root", hostPath: { path: "/" } }],
    containers: [{ ...goodContainer, securityContext: { privileged: true } }],
  };

  it("passes ordinary workloads and host access in an allowlisted system namespace", async () => {
    expect(await violations(kubernetesNoHostAccess, deployment({}))).toEqual([]);
    expect(await violations(kubernetesNoHostAccess, deployment(hostly, "longhorn-system"))).toEqual(
      [],
    );
  });

  it("fails each kind of host access elsewhere, and honours the configured namespaces", async () => {
    expect(await violations(kubernetesNoHostAccess, deployment(hostly, "apps"))).toHaveLength(4);
    expect(
      await violations(kubernetesNoHostAccess, deployment(hostly, "longhorn-system"), {
        systemNamespaces: ["kube-system"],
      }),
    ).toHaveLength(4);
  });
});

describe("kubernetes-resource-limits", () => {
  it("passes containers with requests and limits", async () => {
    expect(await violations(kubernetesResourceLimits, deployment({}))).toEqual([]);
  });

  it("names what is missing", async () => {
    const found = await violations(
      kubernetesResourceLimits,
      deployment({
        containers: [{ name: "a", image: "x:1", resources: { requests: { cpu: "1" } } }],
      }),
    );
    expect(found).toEqual(["container a has no requests.memory, limits.cpu, limits.memory"]);
  });
});

describe("kubernetes-secret-env", () => {
  const withEnv = (env: unknown[]) => deployment({ containers: [{ ...goodContainer, env }] });

  it("passes secretKeyRef credentials and literal non-secrets", async () => {
    const env = [
      {
        name: "DB_POSTGRESDB_PASSWORD",
        valueFrom: { secretKeyRef: { name: "n8n-db", key: "password" } },
      },
      { name: "N8N_HOST", value: "n8n.example.com" },
    ];
    expect(await violations(kubernetesSecretEnv, withEnv(env))).toEqual([]);
  });

  it.each([
    [{ name: "N8N_ENCRYPTION_KEY", value: "abc" }, "a literal value"],
    [
      { name: "NC_AUTH_JWT_SECRET", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } },
      "a ConfigMap",
    ],
    [{ name: "api_token", value: "x" }, "a literal value"],
  ])("fails %o", async (env, source) => {
    expect(await violations(kubernetesSecretEnv, withEnv([env]))).toEqual([
      `container app sets ${env.name} from ${source}`,
    ]);
  });
});

describe("kubernetes-gpu-placement", () => {
  const gpu = {
    ...goodContainer,
    resources: { ...LIMITS, limits: { ...LIMITS.limits, "nvidia.com/gpu": 1 } },
  };

  it("passes a GPU pod with a node selector and runtime class, and pods without GPUs", async () => {
    const placed = deployment({
      containers: [gpu],
      nodeSelector: { "nvidia.com/gpu": "present" },
      runtimeClassName: "nvidia",
    });
    expect(await violations(kubernetesGpuPlacement, placed)).toEqual([]);
    expect(await violations(kubernetesGpuPlacement, deployment({}))).toEqual([]);
  });

  it("fails a GPU pod without placement or runtime class", async () => {
    expect(
      await violations(kubernetesGpuPlacement, deployment({ containers: [gpu] })),
    ).toHaveLength(2);
  });
});

describe("kubernetes-exposed-services", () => {
  const service = (name: string, namespace: string, type: string) => ({
    type: "kubernetes:core/v1:Service",
    props: { metadata: { name, namespace }, spec: { type } },
  });

  it("passes ClusterIP services and the allowlisted ingress controller", async () => {
    expect(await violations(kubernetesExposedServices, service("n8n", "n8n", "ClusterIP"))).toEqual(
      [],
    );
    expect(
      await violations(
        kubernetesExposedServices,
        service("ingress-nginx-controller", "ingress-nginx", "LoadBalancer"),
      ),
    ).toEqual([]);
  });

  it("fails any other LoadBalancer or NodePort, and follows the configured allowlist", async () => {
    expect(
      await violations(kubernetesExposedServices, service("postgres", "supabase", "NodePort")),
    ).toEqual(["Service supabase/postgres is of type NodePort"]);
    expect(
      await violations(
        kubernetesExposedServices,
        service("traefik", "kube-system", "LoadBalancer"),
        { allowedServices: ["traefik"] },
      ),
    ).toEqual([]);
  });
});

describe("kubernetes-ingress-tls", () => {
  const ingress = (tlsHosts: string[], annotations: Record<string, string>) => ({
    type: "kubernetes:networking.k8s.io/v1:Ingress",
    props: {
      metadata: { name: "web", annotations },
      spec: {
        rules: [{ host: "a.example.com" }, { host: "b.example.com" }],
        tls: [{ hosts: tlsHosts, secretName: "web-tls" }],
      },
    },
  });
  const issuer = { "cert-manager.io/cluster-issuer": "letsencrypt-prod" };

  it("passes TLS for every host with an issuer", async () => {
    expect(
      await violations(kubernetesIngressTls, ingress(["a.example.com", "b.example.com"], issuer)),
    ).toEqual([]);
  });

  it("fails a host without TLS and a missing issuer", async () => {
    expect(await violations(kubernetesIngressTls, ingress(["a.example.com"], {}))).toEqual([
      "Ingress web serves b.example.com without TLS",
      "Ingress web has no cert-manager issuer annotation",
    ]);
  });
});

describe("kubernetes-storage-class", () => {
  const claim = (storageClassName?: string) => ({
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    props: { metadata: { name: "data" }, spec: { storageClassName } },
  });

  it("passes longhorn claims and claim templates", async () => {
    expect(await violations(kubernetesStorageClass, claim("longhorn"))).toEqual([]);
    const sts = {
      type: "kubernetes:apps/v1:StatefulSet",
      props: {
        spec: {
          volumeClaimTemplates: [
            { metadata: { name: "pg" }, spec: { storageClassName: "longhorn" } },
          ],
        },
      },
    };
    expect(await violations(kubernetesStorageClass, sts)).toEqual([]);
  });

  it("fails local-path and the implicit default, and follows config", async () => {
    expect(await violations(kubernetesStorageClass, claim("local-path"))).toHaveLength(1);
    expect(await violations(kubernetesStorageClass, claim(undefined))).toEqual([
      "claim data uses storage class (cluster default); allowed: longhorn",
    ]);
    expect(
      await violations(kubernetesStorageClass, claim("local-path"), {
        storageClasses: ["local-path"],
      }),
    ).toEqual([]);
  });
});
