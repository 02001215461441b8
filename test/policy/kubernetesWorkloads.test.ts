/** Workload policies by their messages: GPU placement, storage classes, pinned images, limits. */
import { describe, expect, it } from "vitest";
import { kubernetesGpuPlacement } from "../../policy/policies/kubernetesGpuPlacement";
import { kubernetesImagePinned } from "../../policy/policies/kubernetesImagePinned";
import { kubernetesResourceLimits } from "../../policy/policies/kubernetesResourceLimits";
import { kubernetesStorageClass } from "../../policy/policies/kubernetesStorageClass";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { violations } from "./policyArgs";

const deployment = (podSpec: Record<string, unknown>) => ({
  type: "kubernetes:apps/v1:Deployment",
  name: "web",
  props: { metadata: { namespace: "ai" }, spec: { template: { spec: podSpec } } },
});
const GPU = "nvidia.com/gpu";

describe("kubernetes-gpu-placement", () => {
  const gpu = (resources: Record<string, unknown>, name?: string) => ({
    ...(name ? { name } : {}),
    image: "ollama/ollama:0.6.5",
    resources,
  });

  it("names every GPU container and what its pod lacks", async () => {
    const spec = {
      containers: [
        gpu({ limits: { [GPU]: 1 } }, "ollama"),
        { name: "sidecar", image: "x:1" },
        gpu({ requests: { [GPU]: 1 } }),
      ],
    };
    expect(await violations(kubernetesGpuPlacement, deployment(spec))).toEqual([
      `ollama, spec.template.spec.containers[2] requests ${GPU} without a nodeSelector or node affinity`,
      `ollama, spec.template.spec.containers[2] requests ${GPU} without a runtimeClassName`,
    ]);
  });

  it("accepts a nodeSelector or a node affinity, and wants a runtime class either way", async () => {
    const containers = [gpu({ limits: { [GPU]: 1 } }, "ollama")];
    expect(
      await violations(
        kubernetesGpuPlacement,
        deployment({ containers, nodeSelector: { gpu: "true" }, runtimeClassName: "nvidia" }),
      ),
    ).toEqual([]);
    expect(
      await violations(
        kubernetesGpuPlacement,
        deployment({ containers, affinity: { nodeAffinity: {} }, runtimeClassName: "nvidia" }),
      ),
    ).toEqual([]);
    expect(
      await violations(
        kubernetesGpuPlacement,
        deployment({ containers, nodeSelector: {}, runtimeClassName: "" }),
      ),
    ).toEqual([
      `ollama requests ${GPU} without a nodeSelector or node affinity`,
      `ollama requests ${GPU} without a runtimeClassName`,
    ]);
    expect(
      await violations(
        kubernetesGpuPlacement,
        deployment({ containers, affinity: { podAffinity: {} }, runtimeClassName: "nvidia" }),
      ),
    ).toHaveLength(1);
  });

  it("waits for placement unknown at preview and ignores pods without a GPU", async () => {
    const containers = [gpu({ limits: { [GPU]: 1 } }, "ollama")];
    expect(
      await violations(
        kubernetesGpuPlacement,
        deployment({ containers, nodeSelector: UNKNOWN_VALUE, runtimeClassName: UNKNOWN_VALUE }),
      ),
    ).toEqual([]);
    expect(
      await violations(
        kubernetesGpuPlacement,
        deployment({
          containers,
          affinity: { nodeAffinity: UNKNOWN_VALUE },
          runtimeClassName: "nvidia",
        }),
      ),
    ).toEqual([]);
    expect(
      await violations(
        kubernetesGpuPlacement,
        deployment({ containers: [gpu({ limits: { cpu: 1 } })] }),
      ),
    ).toEqual([]);
    expect(
      await violations(kubernetesGpuPlacement, { type: "kubernetes:core/v1:Service", props: {} }),
    ).toEqual([]);
  });
});

describe("kubernetes-storage-class", () => {
  const claim = (spec: unknown, metadata: unknown = { name: "data" }) => ({
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    name: "claim",
    props: { metadata, spec },
  });

  it("names the claim, its class and the allowed ones", async () => {
    expect(
      await violations(kubernetesStorageClass, claim({ storageClassName: "longhorn" })),
    ).toEqual([]);
    expect(await violations(kubernetesStorageClass, claim({}))).toEqual([
      "claim data uses storage class (cluster default); allowed: longhorn",
    ]);
    expect(
      await violations(kubernetesStorageClass, claim({ storageClassName: "nfs" }, {}), {
        storageClasses: ["longhorn", "local-path"],
      }),
    ).toEqual(['claim claim uses storage class "nfs"; allowed: longhorn, local-path']);
    expect(
      await violations(kubernetesStorageClass, claim({ storageClassName: UNKNOWN_VALUE })),
    ).toEqual([]);
  });

  it("checks each claim template of a StatefulSet, and nothing else", async () => {
    const sts = {
      type: "kubernetes:apps/v1:StatefulSet",
      name: "db",
      props: {
        spec: {
          volumeClaimTemplates: [
            { metadata: { name: "pgdata" }, spec: { storageClassName: "longhorn" } },
            { metadata: { name: "wal" }, spec: { storageClassName: "local-path" } },
            { spec: {} },
          ],
        },
      },
    };
    expect(await violations(kubernetesStorageClass, sts)).toEqual([
      'claim wal uses storage class "local-path"; allowed: longhorn',
      "claim volumeClaimTemplates[2] uses storage class (cluster default); allowed: longhorn",
    ]);
    const deploymentClaim = { ...claim({}), type: "kubernetes:apps/v1:Deployment" };
    expect(await violations(kubernetesStorageClass, deploymentClaim)).toEqual([]);
  });
});

describe("kubernetes-image-pinned", () => {
  it("names the container, its image and why it floats", async () => {
    const spec = {
      initContainers: [{ name: "wait", image: "busybox" }],
      containers: [
        { name: "app", image: "ghcr.io/x/app:1.2.3" },
        { image: "nginx:mainline" },
        { name: "patched" },
        { name: "later", image: UNKNOWN_VALUE },
      ],
    };
    expect(await violations(kubernetesImagePinned, deployment(spec))).toEqual([
      "init container wait image busybox: no tag or digest: name a version tag or a sha256 digest",
      "container spec.template.spec.containers[1] image nginx:mainline: the tag mainline floats (a channel, not a version): name a version tag or a sha256 digest",
    ]);
  });
});

describe("kubernetes-resource-limits", () => {
  it("names each missing request and limit, skipping unknown ones", async () => {
    const spec = {
      containers: [
        {
          name: "full",
          resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: 1, memory: "256Mi" },
          },
        },
        { name: "partial", resources: { requests: { cpu: "100m" }, limits: { memory: "256Mi" } } },
        { name: "none" },
        {
          name: "later",
          resources: { requests: UNKNOWN_VALUE, limits: { cpu: 1, memory: UNKNOWN_VALUE } },
        },
      ],
    };
    expect(await violations(kubernetesResourceLimits, deployment(spec))).toEqual([
      "container partial has no requests.memory, limits.cpu",
      "container none has no requests.cpu, requests.memory, limits.cpu, limits.memory",
    ]);
    expect(
      await violations(kubernetesResourceLimits, { type: "kubernetes:core/v1:Service", props: {} }),
    ).toEqual([]);
  });
});
