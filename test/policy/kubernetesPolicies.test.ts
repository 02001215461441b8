import { describe, expect, it } from "vitest";
import { kubernetesExposedServices } from "../../policy/policies/kubernetesExposedServices";
import { kubernetesGpuPlacement } from "../../policy/policies/kubernetesGpuPlacement";
import { kubernetesImagePinned } from "../../policy/policies/kubernetesImagePinned";
import { kubernetesIngressTls } from "../../policy/policies/kubernetesIngressTls";
import { kubernetesNoHostAccess } from "../../policy/policies/kubernetesNoHostAccess";
import { kubernetesResourceLimits } from "../../policy/policies/kubernetesResourceLimits";
import { kubernetesSecretEnv } from "../../policy/policies/kubernetesSecretEnv";
import { kubernetesStorageClass } from "../../policy/policies/kubernetesStorageClass";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { violations } from "./policyArgs";

const LIMITS = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "1", memory: "512Mi" },
};
const goodContainer = { name: "app", image: "n8nio/n8n:1.80.0", resources: LIMITS };

type PodSpec = Record<string, unknown>;

function deployment(podSpec: PodSpec, namespace: unknown = "apps") {
  return {
    type: "kubernetes:apps/v1:Deployment",
    name: "app",
    props: {
      metadata: { name: "app", namespace },
      spec: { template: { spec: { containers: [goodContainer], ...podSpec } } },
    },
  };
}

/** The same pod spec in every workload kind the policies read. */
function everyWorkload(podSpec: PodSpec, namespace = "apps") {
  const metadata = { name: "w", namespace };
  const template = { spec: { containers: [goodContainer], ...podSpec } };
  return [
    { type: "kubernetes:core/v1:Pod", props: { metadata, spec: template.spec } },
    { type: "kubernetes:apps/v1:Deployment", props: { metadata, spec: { template } } },
    { type: "kubernetes:apps/v1:StatefulSet", props: { metadata, spec: { template } } },
    { type: "kubernetes:apps/v1:DaemonSet", props: { metadata, spec: { template } } },
    { type: "kubernetes:apps/v1:ReplicaSet", props: { metadata, spec: { template } } },
    { type: "kubernetes:batch/v1:Job", props: { metadata, spec: { template } } },
    {
      type: "kubernetes:batch/v1:CronJob",
      props: { metadata, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template } } } },
    },
  ];
}

describe("kubernetes-image-pinned", () => {
  it("passes pinned images in every workload kind", async () => {
    for (const workload of everyWorkload({})) {
      expect(await violations(kubernetesImagePinned, workload), workload.type).toEqual([]);
    }
  });

  it("fails latest in a container and an untagged init container, in every workload kind", async () => {
    const bad = {
      containers: [{ ...goodContainer, image: "n8nio/n8n:latest" }],
      initContainers: [{ name: "wait", image: "busybox" }],
    };
    for (const workload of everyWorkload(bad)) {
      expect(await violations(kubernetesImagePinned, workload), workload.type).toEqual([
        "init container wait image busybox: no tag or digest: name a version tag or a sha256 digest",
        "container app image n8nio/n8n:latest: the tag latest is not pinned: name a version tag or a sha256 digest",
      ]);
    }
  });

  it("passes an image unknown during preview and ignores other kinds", async () => {
    const unknown = deployment({ containers: [{ ...goodContainer, image: UNKNOWN_VALUE }] });
    expect(await violations(kubernetesImagePinned, unknown)).toEqual([]);
    const configMap = { type: "kubernetes:core/v1:ConfigMap", props: { data: { image: "x" } } };
    expect(await violations(kubernetesImagePinned, configMap)).toEqual([]);
  });
});

describe("kubernetes-no-host-access", () => {
  const hostly = {
    hostNetwork: true,
    hostPID: true,
    hostIPC: true,
    volumes: [{ name: "root", hostPath: { path: "/" } }],
    containers: [{ ...goodContainer, securityContext: { privileged: true } }],
  };

  it("passes ordinary workloads, and host access in a namespace allowed by default", async () => {
    for (const workload of everyWorkload({ volumes: [{ name: "d", emptyDir: {} }] })) {
      expect(await violations(kubernetesNoHostAccess, workload), workload.type).toEqual([]);
    }
    expect(await violations(kubernetesNoHostAccess, deployment(hostly, "longhorn-system"))).toEqual(
      [],
    );
  });

  it("fails each kind of host access elsewhere, in every workload kind", async () => {
    for (const workload of everyWorkload(hostly)) {
      expect(await violations(kubernetesNoHostAccess, workload), workload.type).toEqual([
        "hostNetwork is set in namespace apps",
        "hostPID is set in namespace apps",
        "hostIPC is set in namespace apps",
        "volume root mounts hostPath / in namespace apps",
        "container app is privileged in namespace apps",
      ]);
    }
  });

  it("treats a workload without a namespace as in default", async () => {
    const workload = deployment({ hostNetwork: true });
    const props = { ...workload.props, metadata: { name: "app" } };
    expect(await violations(kubernetesNoHostAccess, { ...workload, props })).toEqual([
      "hostNetwork is set in namespace default",
    ]);
  });

  it("takes the system namespaces from config", async () => {
    expect(
      await violations(kubernetesNoHostAccess, deployment(hostly, "longhorn-system"), {
        systemNamespaces: ["kube-system"],
      }),
    ).toHaveLength(5);
    expect(
      await violations(kubernetesNoHostAccess, deployment(hostly, "apps"), {
        systemNamespaces: ["apps"],
      }),
    ).toEqual([]);
  });

  it("leaves a workload whose namespace is unknown during preview for the update", async () => {
    expect(await violations(kubernetesNoHostAccess, deployment(hostly, UNKNOWN_VALUE))).toEqual([]);
  });
});

describe("kubernetes-resource-limits", () => {
  it("passes containers with requests and limits", async () => {
    expect(await violations(kubernetesResourceLimits, deployment({}))).toEqual([]);
  });

  it("names what is missing, for init containers too", async () => {
    const found = await violations(
      kubernetesResourceLimits,
      deployment({
        containers: [{ name: "a", image: "x:1", resources: { requests: { cpu: "1" } } }],
        initContainers: [{ name: "b", image: "x:1" }],
      }),
    );
    expect(found).toEqual([
      "init container b has no requests.cpu, requests.memory, limits.cpu, limits.memory",
      "container a has no requests.memory, limits.cpu, limits.memory",
    ]);
  });

  it("reports nothing about resources unknown during preview", async () => {
    const unknown = deployment({
      containers: [
        { name: "a", image: "x:1", resources: { requests: UNKNOWN_VALUE, limits: LIMITS.limits } },
      ],
    });
    expect(await violations(kubernetesResourceLimits, unknown)).toEqual([]);
  });
});

describe("kubernetes-secret-env", () => {
  const withEnv = (env: unknown[]) => deployment({ containers: [{ ...goodContainer, env }] });

  it("passes secretKeyRef credentials, literal non-secrets and _FILE paths", async () => {
    const env = [
      {
        name: "DB_POSTGRESDB_PASSWORD",
        valueFrom: { secretKeyRef: { name: "n8n-db", key: "password" } },
      },
      { name: "N8N_HOST", value: "n8n.example.com" },
      { name: "KEYCLOAK_URL", value: "https://sso.example.com" },
      { name: "POSTGRES_PASSWORD_FILE", value: "/run/secrets/postgres" },
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    ];
    expect(await violations(kubernetesSecretEnv, withEnv(env))).toEqual([]);
  });

  it.each([
    [{ name: "N8N_ENCRYPTION_KEY", value: "abc" }, "a literal value"],
    [{ name: "DB_PASSWORD", value: "hunter2" }, "a literal value"],
    [{ name: "GOTRUE_JWT_SECRET", value: "s" }, "a literal value"],
    [{ name: "apiToken", value: "x" }, "a literal value"],
    [{ name: "AWS_SECRET_ACCESS_KEY", value: "x" }, "a literal value"],
    [
      { name: "NC_AUTH_JWT_SECRET", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } },
      "a ConfigMap",
    ],
  ])("fails %o", async (env, source) => {
    expect(await violations(kubernetesSecretEnv, withEnv([env]))).toEqual([
      `container app sets ${env.name} from ${source}`,
    ]);
  });

  it("checks init containers and CronJobs too", async () => {
    const cron = {
      type: "kubernetes:batch/v1:CronJob",
      props: {
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  initContainers: [
                    { name: "init", image: "x:1", env: [{ name: "PGPASSWORD", value: "p" }] },
                  ],
                  containers: [goodContainer],
                },
              },
            },
          },
        },
      },
    };
    expect(await violations(kubernetesSecretEnv, cron)).toEqual([
      "init container init sets PGPASSWORD from a literal value",
    ]);
  });

  it("takes names that only look like credentials from config", async () => {
    const env = [{ name: "PUBLIC_KEY_URL", value: "https://example.com/key.pub" }];
    expect(await violations(kubernetesSecretEnv, withEnv(env))).toHaveLength(1);
    expect(
      await violations(kubernetesSecretEnv, withEnv(env), { allowedNames: ["PUBLIC_KEY_URL"] }),
    ).toEqual([]);
  });

  it("reports nothing about a value unknown during preview or empty", async () => {
    const env = [
      { name: "DB_PASSWORD", value: UNKNOWN_VALUE },
      { name: "API_TOKEN", valueFrom: UNKNOWN_VALUE },
      { name: "EMPTY_SECRET", value: "" },
    ];
    expect(await violations(kubernetesSecretEnv, withEnv(env))).toEqual([]);
  });
});

describe("kubernetes-gpu-placement", () => {
  const gpu = {
    ...goodContainer,
    resources: { ...LIMITS, limits: { ...LIMITS.limits, "nvidia.com/gpu": 1 } },
  };
  const gpuRequest = {
    ...goodContainer,
    resources: { ...LIMITS, requests: { ...LIMITS.requests, "nvidia.com/gpu": "1" } },
  };

  it("passes a GPU pod with a node selector or node affinity and a runtime class", async () => {
    const selected = deployment({
      containers: [gpu],
      nodeSelector: { "nvidia.com/gpu.present": "true" },
      runtimeClassName: "nvidia",
    });
    expect(await violations(kubernetesGpuPlacement, selected)).toEqual([]);
    const affine = deployment({
      containers: [gpuRequest],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } },
      runtimeClassName: "nvidia",
    });
    expect(await violations(kubernetesGpuPlacement, affine)).toEqual([]);
  });

  it("passes pods without GPUs", async () => {
    expect(await violations(kubernetesGpuPlacement, deployment({}))).toEqual([]);
  });

  it("fails a GPU pod (limits or requests) without placement or runtime class", async () => {
    for (const container of [gpu, gpuRequest]) {
      expect(
        await violations(kubernetesGpuPlacement, deployment({ containers: [container] })),
      ).toEqual([
        "app requests nvidia.com/gpu without a nodeSelector or node affinity",
        "app requests nvidia.com/gpu without a runtimeClassName",
      ]);
    }
    const podAffinityOnly = deployment({
      containers: [gpu],
      affinity: { podAffinity: {} },
      nodeSelector: {},
      runtimeClassName: "nvidia",
    });
    expect(await violations(kubernetesGpuPlacement, podAffinityOnly)).toHaveLength(1);
  });

  it("reports nothing about placement unknown during preview", async () => {
    const unknown = deployment({
      containers: [gpu],
      nodeSelector: UNKNOWN_VALUE,
      runtimeClassName: UNKNOWN_VALUE,
    });
    expect(await violations(kubernetesGpuPlacement, unknown)).toEqual([]);
  });
});

describe("kubernetes-exposed-services", () => {
  const service = (name: string, namespace: unknown, type: string) => ({
    type: "kubernetes:core/v1:Service",
    name,
    props: {
      metadata: { name, namespace },
      spec: {
        type,
        ports: [{ port: 80 }],
        selector: {
          "app.kubernetes.io/name": "ingress-nginx",
          "app.kubernetes.io/component": "controller",
        },
      },
    },
  });

  it("passes ClusterIP services and the ingress controller allowed by default", async () => {
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

  it("fails any other LoadBalancer or NodePort, also the controller's name in another namespace", async () => {
    expect(
      await violations(kubernetesExposedServices, service("postgres", "supabase", "NodePort")),
    ).toEqual(["Service supabase/postgres is of type NodePort"]);
    expect(
      await violations(
        kubernetesExposedServices,
        service("ingress-nginx-controller", "default", "LoadBalancer"),
      ),
    ).toEqual(["Service default/ingress-nginx-controller is of type LoadBalancer"]);
  });

  it("follows the configured allowlist by name or namespace/name", async () => {
    const traefik = service("traefik", "kube-system", "LoadBalancer");
    expect(await violations(kubernetesExposedServices, traefik)).toHaveLength(1);
    expect(
      await violations(kubernetesExposedServices, traefik, { allowedServices: ["traefik"] }),
    ).toEqual([]);
    expect(
      await violations(kubernetesExposedServices, traefik, {
        allowedServices: ["kube-system/traefik"],
      }),
    ).toEqual([]);
    expect(
      await violations(kubernetesExposedServices, traefik, { allowedServices: ["other/traefik"] }),
    ).toHaveLength(1);
  });

  it("waits for an unknown namespace only when the name could be allowed", async () => {
    expect(
      await violations(
        kubernetesExposedServices,
        service("ingress-nginx-controller", UNKNOWN_VALUE, "LoadBalancer"),
      ),
    ).toEqual([]);
    expect(
      await violations(kubernetesExposedServices, service("db", UNKNOWN_VALUE, "NodePort")),
    ).toEqual(["Service (unknown)/db is of type NodePort"]);
  });
});

describe("kubernetes-ingress-tls", () => {
  const ingress = (
    tls: unknown,
    annotations: Record<string, string>,
    hosts: unknown[] = ["a.example.com", "b.example.com"],
  ) => ({
    type: "kubernetes:networking.k8s.io/v1:Ingress",
    props: {
      metadata: { name: "web", annotations },
      spec: { ingressClassName: "nginx", rules: hosts.map((host) => ({ host })), tls },
    },
  });
  const issuer = { "cert-manager.io/cluster-issuer": "letsencrypt-prod" };
  const tlsFor = (hosts: string[]) => [{ hosts, secretName: "web-tls" }];

  it("passes TLS for every host with a cluster issuer or an issuer", async () => {
    expect(
      await violations(
        kubernetesIngressTls,
        ingress(tlsFor(["a.example.com", "b.example.com"]), issuer),
      ),
    ).toEqual([]);
    expect(
      await violations(
        kubernetesIngressTls,
        ingress(tlsFor(["*.example.com"]), { "cert-manager.io/issuer": "local" }),
      ),
    ).toEqual([]);
  });

  it("fails a host without TLS, a missing secretName and a missing issuer", async () => {
    expect(await violations(kubernetesIngressTls, ingress(tlsFor(["a.example.com"]), {}))).toEqual([
      "Ingress web serves b.example.com without TLS",
      "Ingress web has no cert-manager issuer annotation",
    ]);
    expect(
      await violations(
        kubernetesIngressTls,
        ingress([{ hosts: ["a.example.com", "b.example.com"] }], issuer),
      ),
    ).toEqual(["Ingress web has a TLS entry without a secretName"]);
    expect(await violations(kubernetesIngressTls, ingress(undefined, issuer))).toHaveLength(2);
  });

  it("does not let a wildcard cover a deeper name, nor TLS cover a rule without host", async () => {
    expect(
      await violations(
        kubernetesIngressTls,
        ingress(tlsFor(["*.example.com"]), issuer, ["x.a.example.com"]),
      ),
    ).toEqual(["Ingress web serves x.a.example.com without TLS"]);
    expect(
      await violations(
        kubernetesIngressTls,
        ingress(tlsFor(["a.example.com"]), issuer, [undefined]),
      ),
    ).toEqual(["Ingress web has a rule without a host, which TLS cannot cover"]);
  });

  it("reports nothing about hosts or annotations unknown during preview", async () => {
    const unknownHosts = ingress([{ hosts: UNKNOWN_VALUE, secretName: "t" }], issuer);
    expect(await violations(kubernetesIngressTls, unknownHosts)).toEqual([]);
    const unknownIssuer = ingress(tlsFor(["a.example.com", "b.example.com"]), {
      "cert-manager.io/cluster-issuer": UNKNOWN_VALUE,
    });
    expect(await violations(kubernetesIngressTls, unknownIssuer)).toEqual([]);
  });
});

describe("kubernetes-storage-class", () => {
  const claim = (storageClassName?: unknown) => ({
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    props: {
      metadata: { name: "data" },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName },
    },
  });
  const statefulSet = (storageClassName?: string) => ({
    type: "kubernetes:apps/v1:StatefulSet",
    props: {
      spec: {
        volumeClaimTemplates: [{ metadata: { name: "pgdata" }, spec: { storageClassName } }],
      },
    },
  });

  it("passes longhorn claims and claim templates", async () => {
    expect(await violations(kubernetesStorageClass, claim("longhorn"))).toEqual([]);
    expect(await violations(kubernetesStorageClass, statefulSet("longhorn"))).toEqual([]);
  });

  it("fails local-path and the implicit default, in claims and claim templates", async () => {
    expect(await violations(kubernetesStorageClass, claim("local-path"))).toEqual([
      'claim data uses storage class "local-path"; allowed: longhorn',
    ]);
    expect(await violations(kubernetesStorageClass, claim(undefined))).toEqual([
      "claim data uses storage class (cluster default); allowed: longhorn",
    ]);
    expect(await violations(kubernetesStorageClass, statefulSet(undefined))).toEqual([
      "claim pgdata uses storage class (cluster default); allowed: longhorn",
    ]);
  });

  it("takes the allowed classes from config", async () => {
    expect(
      await violations(kubernetesStorageClass, claim("local-path"), {
        storageClasses: ["local-path"],
      }),
    ).toEqual([]);
    expect(
      await violations(kubernetesStorageClass, claim("longhorn"), {
        storageClasses: ["local-path"],
      }),
    ).toHaveLength(1);
  });

  it("reports nothing about a class unknown during preview", async () => {
    expect(await violations(kubernetesStorageClass, claim(UNKNOWN_VALUE))).toEqual([]);
  });
});
