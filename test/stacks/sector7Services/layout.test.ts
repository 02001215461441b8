import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import {
  containerOf,
  DOMAIN,
  k8s,
  outputs,
  podSpecOf,
  synthServices,
  TYPES,
} from "./servicesFixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthServices();
});

describe("sector7 services: namespaces, hosts and TLS", () => {
  it("puts each service in its own namespace and keeps those namespaces on delete", () => {
    for (const name of ["supabase", "heimdall", "n8n", "nocodb", "appflowy"]) {
      const ns = k8s(stack, TYPES.namespace, name);
      expect(ns.options.retainOnDelete, name).toBe(true);
      expect(plainInputs(ns).metadata.labels["pod-security.kubernetes.io/enforce"]).toBe(
        "baseline",
      );
    }
  });

  it("serves Heimdall at the apex host and the others at <service>.<domain>", () => {
    const hostOf = (name: string, ns: string) =>
      plainInputs(k8s(stack, TYPES.ingress, name, ns)).spec.rules[0].host;
    expect(hostOf("heimdall", "heimdall")).toBe(DOMAIN);
    expect(hostOf("n8n", "n8n")).toBe(`n8n.${DOMAIN}`);
    expect(hostOf("nocodb", "nocodb")).toBe(`nocodb.${DOMAIN}`);
    expect(hostOf("appflowy", "appflowy")).toBe(`appflowy.${DOMAIN}`);
    expect(outputs(stack).serviceUrls).toEqual({
      heimdall: `https://${DOMAIN}`,
      n8n: `https://n8n.${DOMAIN}`,
      nocodb: `https://nocodb.${DOMAIN}`,
      appflowy: `https://appflowy.${DOMAIN}`,
      appflowyConsole: `https://appflowy.${DOMAIN}/console`,
    });
  });

  it("gives every ingress TLS for its host from letsencrypt-prod on the nginx class", () => {
    const ingresses = resourcesOfType(stack, TYPES.ingress);
    expect(ingresses.length).toBe(6);
    for (const ingress of ingresses) {
      const { metadata, spec } = plainInputs(ingress);
      expect(metadata.annotations["cert-manager.io/cluster-issuer"], metadata.name).toBe(
        "letsencrypt-prod",
      );
      expect(spec.ingressClassName).toBe("nginx");
      const hosts = spec.rules.map((r: { host: string }) => r.host);
      expect(spec.tls.flatMap((t: { hosts: string[] }) => t.hosts)).toEqual(hosts);
      expect(spec.tls[0].secretName).toMatch(/-tls$/);
    }
  });

  it("lists a DNS record to the ingress address for every host", () => {
    const ip = "192.168.2.200";
    expect(outputs(stack).serviceDnsRecords).toEqual({
      [DOMAIN]: ip,
      [`n8n.${DOMAIN}`]: ip,
      [`nocodb.${DOMAIN}`]: ip,
      [`appflowy.${DOMAIN}`]: ip,
    });
  });

  it("exposes no Service outside the cluster", () => {
    const services = resourcesOfType(stack, TYPES.service);
    expect(services.length).toBeGreaterThan(10);
    for (const service of services) {
      // Unset is ClusterIP (headless Services too).
      const spec = plainInputs(service).spec;
      expect(spec.type ?? "ClusterIP", plainInputs(service).metadata.name).toBe("ClusterIP");
    }
  });
});

describe("sector7 services: storage", () => {
  it("sizes every data claim as seed 004 says, on longhorn", () => {
    const sizes = Object.fromEntries(
      resourcesOfType(stack, TYPES.claim).map((r) => {
        const { metadata, spec } = plainInputs(r);
        expect(spec.storageClassName, metadata.name).toBe("longhorn");
        return [`${metadata.namespace}/${metadata.name}`, spec.resources.requests.storage];
      }),
    );
    expect(sizes).toMatchObject({
      "supabase/supabase-db-data": "100Gi",
      "heimdall/heimdall-data": "1Gi",
      "n8n/n8n-data": "20Gi",
      "nocodb/nocodb-data": "20Gi",
      "appflowy/appflowy-postgres-data": "50Gi",
      "appflowy/appflowy-minio-data": "50Gi",
    });
  });

  it("protects and retains every claim", () => {
    for (const claim of resourcesOfType(stack, TYPES.claim)) {
      expect(claim.options, claim.name).toMatchObject({ protect: true, retainOnDelete: true });
    }
  });

  it("mounts each app's claim where the app keeps its data", () => {
    const mountOf = (deployment: string, ns: string) => {
      const resource = k8s(stack, TYPES.deployment, deployment, ns);
      const claim = podSpecOf(resource).volumes.find(
        (v: { persistentVolumeClaim?: unknown }) => v.persistentVolumeClaim,
      ).persistentVolumeClaim.claimName;
      const mount = containerOf(resource).volumeMounts[0].mountPath;
      return [claim, mount];
    };
    expect(mountOf("heimdall", "heimdall")).toEqual(["heimdall-data", "/config"]);
    expect(mountOf("n8n", "n8n")).toEqual(["n8n-data", "/home/node/.n8n"]);
    expect(mountOf("nocodb", "nocodb")).toEqual(["nocodb-data", "/usr/app/data"]);
  });
});

describe("sector7 services: GPU", () => {
  it("gives Ollama one nvidia.com/gpu share with the nvidia runtime on the GPU node", () => {
    const ollama = k8s(stack, TYPES.deployment, "ollama", "ai");
    const pod = podSpecOf(ollama);
    expect(pod.runtimeClassName).toBe("nvidia");
    expect(pod.nodeSelector).toEqual({ "nvidia.com/gpu": "present" });
    const { resources } = containerOf(ollama);
    expect(resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(resources.requests["nvidia.com/gpu"]).toBe("1");
  });

  it("asks for no GPU anywhere else", () => {
    for (const type of [TYPES.deployment, TYPES.statefulSet]) {
      for (const workload of resourcesOfType(stack, type)) {
        if (plainInputs(workload).metadata.name === "ollama") {
          continue;
        }
        expect(containerOf(workload).resources.limits["nvidia.com/gpu"]).toBeUndefined();
        expect(podSpecOf(workload).runtimeClassName).toBeUndefined();
      }
    }
  });
});
