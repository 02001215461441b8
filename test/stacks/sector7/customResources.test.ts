import { createHash } from "crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourceNamed, resourcesOfType } from "../../support/synthFixture";
import { synthOverSsh } from "./sector7Fixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthOverSsh();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const inputsOf = (name: string): any => plainInputs(resourceNamed(stack, name));

describe("sector7 custom resources, as their CRDs define them", () => {
  it("declares MetalLB's pool with the configured range", () => {
    const pool = inputsOf("sector7-metallb-pool");
    expect(resourceNamed(stack, "sector7-metallb-pool").type).toBe(
      "kubernetes:metallb.io/v1beta1:IPAddressPool",
    );
    expect(pool).toMatchObject({
      apiVersion: "metallb.io/v1beta1",
      kind: "IPAddressPool",
      metadata: { name: "sector7-pool", namespace: "metallb-system" },
      spec: { addresses: ["192.168.2.200-192.168.2.220"], autoAssign: true },
    });
  });

  it("announces the pool over layer 2", () => {
    expect(inputsOf("sector7-metallb-l2")).toMatchObject({
      apiVersion: "metallb.io/v1beta1",
      kind: "L2Advertisement",
      metadata: { name: "sector7-l2", namespace: "metallb-system" },
      spec: { ipAddressPools: ["sector7-pool"] },
    });
  });

  it.each([
    ["letsencrypt-prod", "https://acme-v02.api.letsencrypt.org/directory"],
    ["letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory"],
  ])("declares the ClusterIssuer %s solving HTTP-01 through the nginx class", (name, server) => {
    expect(inputsOf(`sector7-cert-manager-${name}`)).toEqual({
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name },
      spec: {
        acme: {
          server,
          email: "graydon@helloworlddao.com",
          privateKeySecretRef: { name },
          solvers: [{ http01: { ingress: { ingressClassName: "nginx" } } }],
        },
      },
    });
  });

  it.each([
    ["recurring-snapshot", "snapshot", "0 */6 * * *", 28],
    ["recurring-backup", "backup", "0 2 * * *", 14],
  ])("declares the Longhorn RecurringJob %s", (name, task, cron, retain) => {
    expect(inputsOf(`sector7-longhorn-${name}`)).toMatchObject({
      apiVersion: "longhorn.io/v1beta2",
      kind: "RecurringJob",
      metadata: { name, namespace: "longhorn-system" },
      spec: { name, task, cron, retain, concurrency: 1, groups: ["default"] },
    });
  });

  it("labels the GPU node and ensures the nvidia RuntimeClass", () => {
    expect(inputsOf("sector7-gpu-label").metadata).toEqual({
      name: "aurora",
      labels: { "nvidia.com/gpu": "present" },
    });
    expect(resourceNamed(stack, "sector7-gpu-label").type).toBe("kubernetes:core/v1:NodePatch");
    expect(inputsOf("sector7-gpu-runtime-class")).toMatchObject({
      metadata: { name: "nvidia" },
      handler: "nvidia",
    });
  });

  it("demotes k3s' local-path class by a forced server-side patch", () => {
    const patch = resourceNamed(stack, "sector7-longhorn-local-path-not-default");
    expect(patch.type).toBe("kubernetes:storage.k8s.io/v1:StorageClassPatch");
    expect(plainInputs(patch).metadata).toEqual({
      name: "local-path",
      annotations: {
        "storageclass.kubernetes.io/is-default-class": "false",
        "pulumi.com/patchForce": "true",
      },
    });
  });

  it("creates every namespace explicitly, privileged only for system components", () => {
    const levels = Object.fromEntries(
      resourcesOfType(stack, "kubernetes:core/v1:Namespace").map((r) => {
        const { metadata } = plainInputs(r);
        expect(metadata.labels["pod-security.kubernetes.io/audit"]).toBe(
          metadata.labels["pod-security.kubernetes.io/enforce"],
        );
        return [metadata.name, metadata.labels["pod-security.kubernetes.io/enforce"]];
      }),
    );
    expect(levels).toEqual({
      "metallb-system": "privileged",
      "longhorn-system": "privileged",
      "nvidia-device-plugin": "privileged",
      monitoring: "privileged",
      "ingress-nginx": "baseline",
      velero: "baseline",
      "cert-manager": "restricted",
      // The services of seed 004's phases 4 and 5.
      supabase: "baseline",
      heimdall: "baseline",
      n8n: "baseline",
      nocodb: "baseline",
      appflowy: "baseline",
      // Ollama (root, GPU runtime class) for n8n's AI workflows (issue 14).
      ai: "baseline",
    });
  });

  it("runs the idempotent Longhorn script on every node, re-run only when it changes", () => {
    const commands = ["aurora", "optiplex"].map((node) =>
      plainInputs(resourceNamed(stack, `sector7-longhorn-prerequisites-${node}`)),
    );
    expect(commands.map((c) => c.connection.host)).toEqual(["192.168.2.159", "192.168.2.231"]);
    for (const command of commands) {
      expect(command.connection.user).toBe("deploy");
      expect(command.create).toContain("open-iscsi nfs-common");
      expect(command.create).toContain("systemctl enable --now iscsid");
      // The only trigger is the script's digest: it is replaced when, and only when, the text changes.
      expect(command.triggers).toEqual([createHash("sha256").update(command.create).digest("hex")]);
    }
  });
});
