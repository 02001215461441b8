/**
 * Boundaries of the Kubernetes policies that the behaviour tests beside this file left open: found
 * by StrykerJS (`npm run mutation -- policy-kubernetes --ignoreStatic`, docs/mutation-testing.md),
 * each case a resource that must pass or fail, named as the user would read the finding.
 */
import { describe, expect, it } from "vitest";
import { kubernetesEdgeRoutes } from "../../policy/policies/kubernetesEdgeRoutes";
import { kubernetesExposedServices } from "../../policy/policies/kubernetesExposedServices";
import { kubernetesIngressTls } from "../../policy/policies/kubernetesIngressTls";
import { kubernetesNoHostAccess } from "../../policy/policies/kubernetesNoHostAccess";
import { kubernetesSecretEnv } from "../../policy/policies/kubernetesSecretEnv";
import { kubernetesStorageClass } from "../../policy/policies/kubernetesStorageClass";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { violations } from "./policyArgs";

const pod = (spec: Record<string, unknown>) => ({
  type: "kubernetes:core/v1:Pod",
  name: "p",
  props: { metadata: { namespace: "apps" }, spec },
});
const app = (extra: Record<string, unknown>) => ({ name: "app", image: "x:1", ...extra });

describe("kubernetes-ingress-tls: a rule host that is not a name", () => {
  it("reports a numeric host as a rule without a host, whatever TLS lists", async () => {
    const ingress = {
      type: "kubernetes:networking.k8s.io/v1:Ingress",
      name: "web-ingress",
      props: {
        metadata: {
          name: "web",
          annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-prod" },
        },
        spec: {
          rules: [{ host: 7 }, { host: "a.example.com" }],
          tls: [{ hosts: ["a.example.com"], secretName: "web-tls" }],
        },
      },
    };
    expect(await violations(kubernetesIngressTls, ingress)).toEqual([
      "Ingress web has a rule without a host, which TLS cannot cover",
    ]);
  });
});

describe("kubernetes-no-host-access: look-alike and malformed settings", () => {
  it("drops only a leading CAP_ from a capability name", async () => {
    // NET_BIND_CAP_SERVICE is not NET_BIND_SERVICE (the allowed default) with a prefix.
    const spec = {
      containers: [app({ securityContext: { capabilities: { add: ["NET_BIND_CAP_SERVICE"] } } })],
    };
    expect(await violations(kubernetesNoHostAccess, pod(spec))).toEqual([
      "container app adds capability NET_BIND_CAP_SERVICE in namespace apps",
    ]);
  });

  it("prints a capability that is not a string as JSON", async () => {
    const spec = {
      containers: [app({ securityContext: { capabilities: { add: [{ name: "SYS_ADMIN" }] } } })],
    };
    expect(await violations(kubernetesNoHostAccess, pod(spec))).toEqual([
      'container app adds capability {"name":"SYS_ADMIN"} in namespace apps',
    ]);
  });

  it("reports a null securityContext instead of reading it", async () => {
    const spec = { containers: [app({ securityContext: null })] };
    expect(await violations(kubernetesNoHostAccess, pod(spec))).toEqual([
      "container app has securityContext null, not an object in namespace apps",
    ]);
  });

  it("counts hostUsers only when true, unlike the other host fields", async () => {
    // hostUsers: false asks for a user namespace; only true shares the host's users.
    for (const hostUsers of ["false", 0, null]) {
      expect(
        await violations(kubernetesNoHostAccess, pod({ hostUsers, containers: [app({})] })),
        String(hostUsers),
      ).toEqual([]);
    }
    expect(
      await violations(
        kubernetesNoHostAccess,
        pod({ hostNetwork: "false", containers: [app({})] }),
      ),
    ).toEqual(['hostNetwork is set to "false" in namespace apps']);
  });

  it("reports a hostPath given as null, in a pod volume and in a PersistentVolume", async () => {
    const spec = { volumes: [{ name: "data", hostPath: null }], containers: [app({})] };
    expect(await violations(kubernetesNoHostAccess, pod(spec))).toEqual([
      "volume data mounts hostPath ? in namespace apps",
    ]);
    const pv = {
      type: "kubernetes:core/v1:PersistentVolume",
      name: "pv",
      props: { metadata: { name: "node-data" }, spec: { hostPath: null } },
    };
    expect(await violations(kubernetesNoHostAccess, pv)).toEqual([
      "PersistentVolume node-data is a hostPath volume of node path undefined",
    ]);
  });
});

describe("kubernetes-secret-env: a literal beside a reference", () => {
  it("reports a credential's literal value even when a valueFrom is also set", async () => {
    const deployment = {
      type: "kubernetes:apps/v1:Deployment",
      name: "web",
      props: {
        spec: {
          template: {
            spec: {
              containers: [
                app({
                  env: [
                    {
                      name: "DB_PASSWORD",
                      value: "hunter2",
                      valueFrom: { secretKeyRef: { name: "db", key: "password" } },
                    },
                    {
                      name: "API_TOKEN",
                      value: "",
                      valueFrom: { secretKeyRef: { name: "api", key: "token" } },
                    },
                  ],
                }),
              ],
            },
          },
        },
      },
    };
    expect(await violations(kubernetesSecretEnv, deployment)).toEqual([
      "container app sets DB_PASSWORD from a literal value",
    ]);
  });
});

describe("kubernetes-storage-class: claim templates", () => {
  const templates = (storageClassName: unknown) => [
    { metadata: { name: "pgdata" }, spec: { storageClassName } },
  ];

  it("reads volumeClaimTemplates on StatefulSets only", async () => {
    for (const type of [
      "kubernetes:apps/v1:Deployment",
      "kubernetes:example.com/v1:StatefulSet",
      "kubernetes:core/v1:PersistentVolume",
    ]) {
      const lookAlike = {
        type,
        name: "db",
        props: { spec: { volumeClaimTemplates: templates("local-path") } },
      };
      expect(await violations(kubernetesStorageClass, lookAlike), type).toEqual([]);
    }
  });

  it("waits for a template's class that is unknown at preview", async () => {
    const sts = (storageClassName: unknown) => ({
      type: "kubernetes:apps/v1:StatefulSet",
      name: "db",
      props: { spec: { volumeClaimTemplates: templates(storageClassName) } },
    });
    expect(await violations(kubernetesStorageClass, sts(UNKNOWN_VALUE))).toEqual([]);
    expect(await violations(kubernetesStorageClass, sts("local-path"))).toEqual([
      'claim pgdata uses storage class "local-path"; allowed: longhorn',
    ]);
  });
});

describe("kubernetes-edge-routes: another package's types", () => {
  it("judges only the kubernetes provider's types, not one whose package name ends in kubernetes", async () => {
    const route = (type: string) => ({
      type,
      name: "route",
      props: { metadata: { name: "r", namespace: "apps" }, spec: {} },
    });
    expect(
      await violations(
        kubernetesEdgeRoutes,
        route("mykubernetes:traefik.io/v1alpha1:IngressRoute"),
      ),
    ).toEqual([]);
    expect(
      await violations(kubernetesEdgeRoutes, route("kubernetes:traefik.io/v1alpha1:IngressRoute")),
    ).toHaveLength(1);
  });
});

describe("kubernetes-exposed-services: the edge's allowlist and ports", () => {
  const EDGE_SELECTOR = {
    "app.kubernetes.io/name": "ingress-nginx",
    "app.kubernetes.io/component": "controller",
  };
  const lb = (namespace: unknown, ports: unknown[]) => ({
    type: "kubernetes:core/v1:Service",
    name: "svc",
    props: {
      metadata: { name: "ingress-nginx-controller", namespace },
      spec: { type: "LoadBalancer", selector: EDGE_SELECTOR, ports },
    },
  });

  it("waits for an unknown namespace when any one allowlist entry names the Service", async () => {
    const allowedServices = ["tools/other", "ingress-nginx/ingress-nginx-controller"];
    expect(
      await violations(kubernetesExposedServices, lb(UNKNOWN_VALUE, [{ port: 443 }]), {
        allowedServices,
      }),
    ).toEqual([]);
  });

  it("reports a port entry that is null as a port outside the edge ports", async () => {
    expect(
      await violations(kubernetesExposedServices, lb("ingress-nginx", [null, { port: 443 }])),
    ).toEqual([
      "Service ingress-nginx/ingress-nginx-controller is allowlisted as the edge but exposes port undefined; edge ports: 80, 443",
    ]);
  });
});
