import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import {
  containerOf,
  envOf,
  k8s,
  outputs,
  podSpecOf,
  synthServices,
  TYPES,
} from "./servicesFixture";

let stack: SynthResult;
let custom: SynthResult;

beforeAll(async () => {
  stack = await synthServices({ "services:nextcloudEnabled": "true" });
  custom = await synthServices({
    "databaseBackups:n8nSchedule": "15 1 * * *",
    "databaseBackups:n8nRetention": "7",
    "databaseBackups:volumeSize": "5Gi",
  });
});

const cronJob = (result: SynthResult, name: string, ns: string) =>
  plainInputs(k8s(result, TYPES.cronJob, name, ns));

describe("database backups", () => {
  it("dumps every database on its own schedule, keeping seed 001's counts by default", () => {
    const plan = (name: string, ns: string) => {
      const job = cronJob(stack, name, ns);
      const command = job.spec.jobTemplate.spec.template.spec.containers[0].command.join(" ");
      return [job.spec.schedule, command.match(/"\$DATABASE" (\d+)$/)?.[1]];
    };
    expect(plan("supabase-db-backup-postgres", "supabase")).toEqual(["0 */6 * * *", "30"]);
    expect(plan("supabase-db-backup-n8n", "supabase")).toEqual(["0 3 * * *", "14"]);
    expect(plan("supabase-db-backup-nocodb", "supabase")).toEqual(["0 2 * * *", "14"]);
    expect(plan("supabase-db-backup-nextcloud", "supabase")).toEqual(["0 4 * * 0", "4"]);
    expect(plan("appflowy-postgres-backup-appflowy", "appflowy")).toEqual(["0 8-20/4 * * *", "60"]);
  });

  it("takes schedule, retention and volume size from config", () => {
    const job = cronJob(custom, "supabase-db-backup-n8n", "supabase");
    expect(job.spec.schedule).toBe("15 1 * * *");
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].command.join(" ")).toMatch(
      /"\$DATABASE" 7$/,
    );
    const claim = plainInputs(k8s(custom, TYPES.claim, "supabase-db-backup-n8n", "supabase"));
    expect(claim.spec.resources.requests.storage).toBe("5Gi");
  });

  it("writes custom-format dumps to a protected, retained Longhorn claim per database", () => {
    const script = plainInputs(k8s(stack, TYPES.configMap, "supabase-db-backup-scripts")).data[
      "pg-backup"
    ];
    expect(script).toContain("pg_dump --format=custom");
    expect(script).toMatch(/tail -n "\+\$\(\(retain \+ 1\)\)"/);
    const backup = k8s(stack, TYPES.cronJob, "supabase-db-backup-n8n", "supabase");
    const claimName = podSpecOf(backup).volumes.find((v: { name: string }) => v.name === "backups")
      .persistentVolumeClaim.claimName;
    const claim = k8s(stack, TYPES.claim, claimName, "supabase");
    expect(plainInputs(claim).spec.storageClassName).toBe("longhorn");
    expect(claim.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(envOf(backup)).toMatchObject({
      PGHOST: "supabase-db",
      PGUSER: "supabase_admin",
      PGPASSWORD: "secret:supabase-secrets/POSTGRES_PASSWORD",
      DATABASE: "n8n",
    });
    expect(plainInputs(backup).spec.concurrencyPolicy).toBe("Forbid");
  });

  it("dumps AppFlowy's PostgreSQL 16 with its own image and admin", () => {
    const backup = k8s(stack, TYPES.cronJob, "appflowy-postgres-backup-appflowy", "appflowy");
    expect(containerOf(backup).image).toMatch(/-pg16$/);
    expect(envOf(backup)).toMatchObject({
      PGUSER: "appflowy_admin",
      PGPASSWORD: "secret:appflowy-secrets/POSTGRES_PASSWORD",
    });
  });

  it("keeps a suspended restore job per database, restoring as the owner role", () => {
    const restores = resourcesOfType(stack, TYPES.cronJob).filter((r) =>
      plainInputs(r).metadata.name.includes("-restore-"),
    );
    expect(restores).toHaveLength(5);
    for (const restore of restores) {
      expect(plainInputs(restore).spec.suspend).toBe(true);
    }
    const n8n = k8s(stack, TYPES.cronJob, "supabase-db-restore-n8n", "supabase");
    expect(envOf(n8n).PGOPTIONS).toBe("-c role=n8n");
    expect(containerOf(n8n).command.join(" ")).toContain("pg-restore");
    const restoreScript = plainInputs(k8s(stack, TYPES.configMap, "supabase-db-backup-scripts"))
      .data["pg-restore"];
    // Run for real (owner role and superuser restores) in test/components/backups/backupRestore.test.ts.
    expect(restoreScript).toContain("pg_restore --clean --if-exists");
  });

  it("outputs the documented restore command for every database", () => {
    expect(outputs(stack).databaseRestoreCommands).toEqual({
      "supabase/postgres":
        "kubectl -n supabase create job supabase-db-restore-postgres-$(date +%s) --from=cronjob/supabase-db-restore-postgres",
      "supabase/n8n":
        "kubectl -n supabase create job supabase-db-restore-n8n-$(date +%s) --from=cronjob/supabase-db-restore-n8n",
      "supabase/nocodb":
        "kubectl -n supabase create job supabase-db-restore-nocodb-$(date +%s) --from=cronjob/supabase-db-restore-nocodb",
      "supabase/nextcloud":
        "kubectl -n supabase create job supabase-db-restore-nextcloud-$(date +%s) --from=cronjob/supabase-db-restore-nextcloud",
      "appflowy/appflowy":
        "kubectl -n appflowy create job appflowy-postgres-restore-appflowy-$(date +%s) --from=cronjob/appflowy-postgres-restore-appflowy",
    });
  });
});
