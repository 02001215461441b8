import { beforeAll, describe, expect, it } from "vitest";
import { RecordedResource, SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import { k8s, synthServices, TYPES } from "./servicesFixture";

let stack: SynthResult;
/** The provisioning Job (Ollama's model pull, in namespace ai, is a Job too). */
const supabaseJobs = () =>
  resourcesOfType(stack, TYPES.job).filter((j) => plainInputs(j).metadata.namespace === "supabase");

beforeAll(async () => {
  stack = await synthServices({ "services:nextcloudEnabled": "true" });
});

const waitsFor = (resource: RecordedResource, other: RecordedResource) =>
  resource.dependencies.includes(other.urn);

describe("sector7 services start in order", () => {
  it("starts AppFlowy as seed 004 says: PostgreSQL, Redis, MinIO, GoTrue, Cloud, then the rest", () => {
    const order: [string, string][] = [
      [TYPES.statefulSet, "appflowy-postgres"],
      [TYPES.deployment, "appflowy-redis"],
      [TYPES.deployment, "appflowy-minio"],
      [TYPES.deployment, "appflowy-gotrue"],
      [TYPES.deployment, "appflowy-cloud"],
      [TYPES.deployment, "appflowy-worker"],
      [TYPES.deployment, "appflowy-web"],
      [TYPES.deployment, "appflowy-admin-frontend"],
    ];
    const workloads = order.map(([type, name]) => k8s(stack, type, name, "appflowy"));
    for (let i = 1; i < workloads.length; i++) {
      expect(
        waitsFor(workloads[i], workloads[i - 1]),
        `${order[i][1]} after ${order[i - 1][1]}`,
      ).toBe(true);
    }
    const [postgres, redis, minio, gotrue, cloud] = workloads;
    expect(waitsFor(gotrue, postgres)).toBe(true);
    for (const needed of [postgres, redis, minio, gotrue]) {
      expect(waitsFor(cloud, needed)).toBe(true);
    }
    expect(waitsFor(postgres, k8s(stack, TYPES.secret, "appflowy-secrets", "appflowy"))).toBe(true);
  });

  it("starts the apps on the shared PostgreSQL only after their databases are provisioned", () => {
    const [job] = supabaseJobs();
    const server = k8s(stack, TYPES.statefulSet, "supabase-db", "supabase");
    expect(waitsFor(job, server)).toBe(true);
    for (const app of ["n8n", "nocodb", "nextcloud"]) {
      const deployment = k8s(stack, TYPES.deployment, app, app);
      expect(waitsFor(deployment, job), app).toBe(true);
      expect(waitsFor(deployment, server), app).toBe(true);
    }
  });

  it("creates each ingress after the workload it routes to", () => {
    const n8nIngress = k8s(stack, TYPES.ingress, "n8n", "n8n");
    expect(waitsFor(n8nIngress, k8s(stack, TYPES.deployment, "n8n", "n8n"))).toBe(true);
    const gotrueIngress = k8s(stack, TYPES.ingress, "appflowy-gotrue", "appflowy");
    expect(
      waitsFor(gotrueIngress, k8s(stack, TYPES.deployment, "appflowy-gotrue", "appflowy")),
    ).toBe(true);
  });

  it("schedules backups only once the databases exist", () => {
    const [job] = supabaseJobs();
    const backup = k8s(stack, TYPES.cronJob, "supabase-db-backup-n8n", "supabase");
    expect(waitsFor(backup, job)).toBe(true);
    const appflowyBackup = k8s(
      stack,
      TYPES.cronJob,
      "appflowy-postgres-backup-appflowy",
      "appflowy",
    );
    expect(
      waitsFor(appflowyBackup, k8s(stack, TYPES.statefulSet, "appflowy-postgres", "appflowy")),
    ).toBe(true);
  });
});
