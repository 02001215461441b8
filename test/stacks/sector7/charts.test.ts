import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { resourcesOfType, synthProjectStack } from "../../support/synthFixture";
import { release, RELEASE } from "./sector7Fixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthProjectStack("sector7", ["gpu:timeSlicingReplicas=4"]);
});

describe("sector7 Helm releases", () => {
  it.each([
    [
      "sector7-metallb-chart",
      "https://metallb.github.io/metallb",
      "metallb",
      "0.16.1",
      "metallb-system",
    ],
    [
      "sector7-longhorn-chart",
      "https://charts.longhorn.io",
      "longhorn",
      "1.12.1",
      "longhorn-system",
    ],
    [
      "sector7-ingress-chart",
      "https://kubernetes.github.io/ingress-nginx",
      "ingress-nginx",
      "4.15.1",
      "ingress-nginx",
    ],
    [
      "sector7-cert-manager-chart",
      "https://charts.jetstack.io",
      "cert-manager",
      "v1.21.1",
      "cert-manager",
    ],
    [
      "sector7-gpu-device-plugin",
      "https://nvidia.github.io/k8s-device-plugin",
      "nvidia-device-plugin",
      "0.20.0",
      "nvidia-device-plugin",
    ],
    [
      "sector7-monitoring-chart",
      "https://prometheus-community.github.io/helm-charts",
      "kube-prometheus-stack",
      "88.5.3",
      "monitoring",
    ],
    [
      "sector7-velero-chart",
      "https://vmware-tanzu.github.io/helm-charts",
      "velero",
      "12.1.0",
      "velero",
    ],
  ])("%s installs %s/%s at pinned version %s into %s", (name, repo, chart, version, ns) => {
    const inputs = release(stack, name);
    expect(inputs.repositoryOpts).toEqual({ repo });
    expect(inputs.chart).toBe(chart);
    expect(inputs.version).toBe(version);
    expect(inputs.namespace).toBe(ns);
    expect(inputs.createNamespace).toBe(false);
  });

  it("names every release (no random suffix) and pins every version exactly", () => {
    const releases = resourcesOfType(stack, RELEASE);
    expect(releases).toHaveLength(7);
    for (const r of releases) {
      expect(r.inputs.name, r.name).toMatch(/^[a-z-]+$/);
      expect(r.inputs.version, r.name).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it("runs MetalLB in plain layer 2 mode with its CRDs", () => {
    const { values } = release(stack, "sector7-metallb-chart");
    expect(values.crds).toEqual({ enabled: true });
    expect(values.frrk8s).toEqual({ enabled: false });
    expect(values.speaker.frr).toEqual({ enabled: false });
  });

  it("makes longhorn the default class with two retained replicas and the backup store", () => {
    const { values } = release(stack, "sector7-longhorn-chart");
    expect(values.persistence).toEqual({
      defaultClass: true,
      defaultClassReplicaCount: 2,
      reclaimPolicy: "Retain",
    });
    expect(values.defaultSettings.defaultReplicaCount).toEqual({ v1: "2", v2: "2" });
    expect(values.defaultBackupStore).toEqual({
      backupTarget: "s3://sector7-backups@us-east-1/longhorn/",
      backupTargetCredentialSecret: "longhorn-backup-credentials",
    });
  });

  it("puts ingress-nginx's LoadBalancer Service on the fixed address from the MetalLB pool", () => {
    const { values } = release(stack, "sector7-ingress-chart");
    expect(values.fullnameOverride).toBe("ingress-nginx");
    expect(values.controller.service.type).toBe("LoadBalancer");
    expect(values.controller.service.annotations).toEqual({
      "metallb.io/loadBalancerIPs": "192.168.2.200",
      "metallb.io/address-pool": "sector7-pool",
    });
    expect(values.controller.ingressClassResource).toMatchObject({
      name: "nginx",
      default: true,
      controllerValue: "k8s.io/ingress-nginx",
    });
  });

  it("installs cert-manager's CRDs and keeps them when the release goes", () => {
    expect(release(stack, "sector7-cert-manager-chart").values).toEqual({
      crds: { enabled: true, keep: true },
    });
  });

  it("confines the device plugin to labelled nodes with the nvidia runtime, time-sliced", () => {
    const { values } = release(stack, "sector7-gpu-device-plugin");
    expect(values.runtimeClassName).toBe("nvidia");
    expect(values.nodeSelector).toEqual({ "nvidia.com/gpu": "present" });
    expect(
      values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
    ).toEqual([
      { matchExpressions: [{ key: "nvidia.com/gpu", operator: "In", values: ["present"] }] },
    ]);
    expect(values.config.default).toBe("default");
    expect(parse(values.config.map.default)).toEqual({
      version: "v1",
      sharing: { timeSlicing: { resources: [{ name: "nvidia.com/gpu", replicas: 4 }] } },
    });
  });

  it("serves Grafana at grafana.<domain> with TLS and keeps Prometheus on a Longhorn claim", () => {
    const { values } = release(stack, "sector7-monitoring-chart");
    expect(values.grafana.admin).toEqual({
      existingSecret: "grafana-admin",
      userKey: "admin-user",
      passwordKey: "admin-password",
    });
    expect(values.grafana.adminPassword).toBeUndefined();
    expect(values.grafana.ingress).toMatchObject({
      enabled: true,
      ingressClassName: "nginx",
      annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-prod" },
      hosts: ["grafana.sector7.helloworlddao.com"],
      tls: [{ secretName: "grafana-tls", hosts: ["grafana.sector7.helloworlddao.com"] }],
    });
    const spec = values.prometheus.prometheusSpec;
    expect(spec.retention).toBe("15d");
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: "longhorn",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "20Gi" } },
    });
  });

  it("points Velero at the S3-compatible store with path-style addressing and TTL'd schedules", () => {
    const { values } = release(stack, "sector7-velero-chart");
    expect(values.configuration.backupStorageLocation).toEqual([
      {
        name: "default",
        provider: "aws",
        bucket: "sector7-backups",
        prefix: "velero",
        default: true,
        accessMode: "ReadWrite",
        config: {
          region: "us-east-1",
          s3ForcePathStyle: "true",
          s3Url: "http://192.168.2.106:9000",
        },
      },
    ]);
    expect(values.credentials).toEqual({
      useSecret: true,
      existingSecret: "velero-s3-credentials",
    });
    expect(values.initContainers[0].image).toBe("velero/velero-plugin-for-aws:v1.14.0");
    expect(values.snapshotsEnabled).toBe(false);
    expect(values.kubectl.image.tag).toBe("v1.34.5");
    expect(values.schedules.daily).toMatchObject({
      schedule: "0 3 * * *",
      useOwnerReferencesInBackup: false,
      template: { ttl: "168h", storageLocation: "default", includedNamespaces: ["*"] },
    });
    expect(values.schedules.weekly).toMatchObject({
      schedule: "0 4 * * 0",
      template: { ttl: "720h" },
    });
  });
});
