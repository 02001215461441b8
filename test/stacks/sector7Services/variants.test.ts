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
  testPlatform,
  TYPES,
} from "./servicesFixture";

let byDefault: SynthResult;
let withNextcloud: SynthResult;
let withoutGpuNode: SynthResult;
let noGpuWanted: SynthResult;

const names = (result: SynthResult, type: string) =>
  resourcesOfType(result, type).map((r) => plainInputs(r).metadata.name as string);

beforeAll(async () => {
  byDefault = await synthServices();
  withNextcloud = await synthServices({
    "services:nextcloudEnabled": "true",
    "services:nextcloudStorage": "200Gi",
  });
  withoutGpuNode = await synthServices({}, () => ({ ...testPlatform(), gpu: undefined }));
  noGpuWanted = await synthServices({ "services:ollamaGpus": "0" });
});

describe("Nextcloud", () => {
  it("is absent by default: no namespace, workload, database, backup, host or output", () => {
    expect(names(byDefault, TYPES.namespace)).not.toContain("nextcloud");
    expect(names(byDefault, TYPES.deployment)).not.toContain("nextcloud");
    expect(names(byDefault, TYPES.cronJob).filter((n) => n.includes("nextcloud"))).toEqual([]);
    expect(Object.keys(outputs(byDefault).serviceDnsRecords)).not.toContain(`nextcloud.${DOMAIN}`);
    expect(outputs(byDefault).nextcloudUrl).toBeUndefined();
    expect(outputs(byDefault).serviceDatabasePasswords.nextcloud).toBeUndefined();
  });

  it("is present when enabled, with its own database, claim, host, backups and admin login", () => {
    const ingress = plainInputs(k8s(withNextcloud, TYPES.ingress, "nextcloud", "nextcloud"));
    expect(ingress.spec.rules[0].host).toBe(`nextcloud.${DOMAIN}`);
    expect(ingress.spec.tls[0].hosts).toEqual([`nextcloud.${DOMAIN}`]);
    const claim = plainInputs(k8s(withNextcloud, TYPES.claim, "nextcloud-data", "nextcloud"));
    expect(claim.spec.resources.requests.storage).toBe("200Gi");
    expect(names(withNextcloud, TYPES.cronJob)).toContain("supabase-db-backup-nextcloud");
    const out = outputs(withNextcloud);
    expect(out.nextcloudUrl).toBe(`https://nextcloud.${DOMAIN}`);
    expect(out.nextcloudAdminUser).toBe("admin");
    expect(out.nextcloudAdminPassword).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(out.serviceDnsRecords[`nextcloud.${DOMAIN}`]).toBe("192.168.2.200");
  });
});

describe("Ollama without a GPU", () => {
  it.each([
    ["the cluster has no GPU node", () => withoutGpuNode],
    ["services:ollamaGpus is 0", () => noGpuWanted],
  ])("runs on CPU, without GPU placement, when %s", (_why, result) => {
    for (const [name, ns] of [
      ["ollama", "ai"],
      ["n8n", "n8n"],
    ]) {
      const workload = k8s(result(), TYPES.deployment, name, ns);
      expect(podSpecOf(workload).runtimeClassName).toBeUndefined();
      expect(podSpecOf(workload).nodeSelector).toBeUndefined();
      expect(containerOf(workload).resources.limits["nvidia.com/gpu"]).toBeUndefined();
    }
  });
});

describe("every workload is pinned, sized and probed", () => {
  const WORKLOADS = [TYPES.deployment, TYPES.statefulSet];

  it("pins every image to a version", () => {
    for (const type of [...WORKLOADS, TYPES.job, TYPES.cronJob]) {
      for (const workload of resourcesOfType(withNextcloud, type)) {
        // Every container of the pod, sidecars (Nextcloud's cron) included.
        for (const container of podSpecOf(workload).containers) {
          const image = container.image as string;
          expect(image, workload.name).toMatch(/:[\w][\w.-]*$/);
          expect(image.endsWith(":latest"), workload.name).toBe(false);
        }
      }
    }
  });

  it("gives every container cpu and memory requests and limits", () => {
    for (const type of [...WORKLOADS, TYPES.job, TYPES.cronJob]) {
      for (const workload of resourcesOfType(withNextcloud, type)) {
        for (const { resources } of podSpecOf(workload).containers) {
          for (const kind of ["requests", "limits"]) {
            expect(resources[kind].cpu, `${workload.name} ${kind}`).toBeDefined();
            expect(resources[kind].memory, `${workload.name} ${kind}`).toBeDefined();
          }
        }
      }
    }
  });

  it("gives every long-running container liveness, readiness and startup probes", () => {
    const workloads = WORKLOADS.flatMap((type) => resourcesOfType(withNextcloud, type));
    // 13 before issue 14, plus Ollama and Nextcloud's Redis.
    expect(workloads.length).toBe(15);
    for (const workload of workloads) {
      const container = containerOf(workload);
      expect(container.livenessProbe, workload.name).toBeDefined();
      expect(container.readinessProbe, workload.name).toBeDefined();
      expect(container.startupProbe, workload.name).toBeDefined();
    }
  });

  it("uses AppFlowy's pinned release for all four backend images", () => {
    const image = (name: string) =>
      containerOf(k8s(byDefault, TYPES.deployment, name, "appflowy")).image;
    expect(image("appflowy-gotrue")).toBe("appflowyinc/gotrue:0.9.149");
    expect(image("appflowy-cloud")).toBe("appflowyinc/appflowy_cloud:0.9.149");
    expect(image("appflowy-worker")).toBe("appflowyinc/appflowy_worker:0.9.149");
    expect(image("appflowy-admin-frontend")).toBe("appflowyinc/admin_frontend:0.9.149");
    expect(image("appflowy-web")).toBe("appflowyinc/appflowy_web:0.9.149");
  });
});
