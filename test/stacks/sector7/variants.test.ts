import { describe, expect, it } from "vitest";
import { resourceNamed, resourcesOfType, synthProjectStack } from "../../support/synthFixture";
import { COMMAND, outputs, release, RELEASE } from "./sector7Fixture";

describe("sector7 variants", () => {
  it("leaves node preparation to the operator by default in the committed stack", async () => {
    const stack = await synthProjectStack("sector7");
    expect(resourcesOfType(stack, COMMAND)).toEqual([]);
    expect(outputs(stack).nodePrerequisites).toContain("longhorn:installNodePrerequisites");
    expect(outputs(stack).nodePrerequisiteScript).toContain("systemctl enable --now iscsid");
  });

  it("backs Longhorn up to NFS and runs without Velero or a backup store", async () => {
    const stack = await synthProjectStack("sector7", [
      "velero:enabled=false",
      "longhorn:backupTarget=nfs://192.168.2.106:/srv/longhorn",
      "backup:s3Url=",
      "backup:bucket=",
    ]);
    expect(release(stack, "sector7-longhorn-chart").values.defaultBackupStore).toEqual({
      backupTarget: "nfs://192.168.2.106:/srv/longhorn",
    });
    const names = stack.resources.map((r) => r.name);
    expect(names).not.toContain("sector7-velero-chart");
    expect(names).not.toContain("sector7-longhorn-backup-credentials");
    expect(names).toContain("sector7-longhorn-recurring-backup");
    expect(outputs(stack).backupStore).toBeUndefined();
  });

  it("takes snapshots only when there is no backup target", async () => {
    const stack = await synthProjectStack("sector7", ["longhorn:backupTarget=none"]);
    const names = stack.resources.map((r) => r.name);
    expect(names).toContain("sector7-longhorn-recurring-snapshot");
    expect(names).not.toContain("sector7-longhorn-recurring-backup");
    expect(release(stack, "sector7-longhorn-chart").values.defaultBackupStore).toBeUndefined();
  });

  it("installs no GPU support without a GPU node, and keeps local-path when asked", async () => {
    const stack = await synthProjectStack("sector7", [
      'cluster:nodes=[{"name":"aurora","address":"192.168.2.159","roles":["control-plane"]},' +
        '{"name":"optiplex","address":"192.168.2.231"}]',
      "longhorn:demoteLocalPath=false",
    ]);
    expect(resourcesOfType(stack, RELEASE).map((r) => r.name)).not.toContain(
      "sector7-gpu-device-plugin",
    );
    expect(stack.resources.map((r) => r.name)).not.toContain(
      "sector7-longhorn-local-path-not-default",
    );
    expect(outputs(stack).gpuNode).toBeUndefined();
  });

  it("follows configured schedules, retention, replicas and issuer", async () => {
    const stack = await synthProjectStack("sector7", [
      "longhorn:replicaCount=1",
      "longhorn:snapshotCron=30 */4 * * *",
      "longhorn:snapshotRetain=12",
      "velero:dailyTtl=336h",
      "monitoring:prometheusRetention=30d",
      "monitoring:prometheusStorageSize=50Gi",
      "certManager:defaultIssuer=letsencrypt-staging",
    ]);
    const snapshot = resourceNamed(stack, "sector7-longhorn-recurring-snapshot");
    expect((snapshot.inputs.spec as { cron: string; retain: number }).cron).toBe("30 */4 * * *");
    expect((snapshot.inputs.spec as { retain: number }).retain).toBe(12);
    expect(
      release(stack, "sector7-longhorn-chart").values.persistence.defaultClassReplicaCount,
    ).toBe(1);
    expect(release(stack, "sector7-velero-chart").values.schedules.daily.template.ttl).toBe("336h");
    const monitoring = release(stack, "sector7-monitoring-chart").values;
    expect(monitoring.prometheus.prometheusSpec.retention).toBe("30d");
    expect(
      monitoring.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources,
    ).toEqual({ requests: { storage: "50Gi" } });
    expect(monitoring.grafana.ingress.annotations["cert-manager.io/cluster-issuer"]).toBe(
      "letsencrypt-staging",
    );
  });
});
