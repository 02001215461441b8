import * as command from "@pulumi/command";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isCronExpression } from "../../toolbox/kubernetes/cron";
import { chartPinProblem, PinnedChart, pinnedRelease } from "../../toolbox/kubernetes/helmRelease";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { remoteScript, SshTarget } from "../../toolbox/hosts/remoteScript";
import {
  backupTargetUrl,
  isLonghornBackupUrl,
  LonghornBackupTarget,
  longhornS3Credentials,
} from "./backupTarget";
import { longhornValues } from "./longhornValues";
import { LONGHORN_NODE_PREREQUISITES } from "./nodePrerequisites";
import { RecurringSchedule, recurringJobSpec } from "./recurringJobs";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** Longhorn's chart (longhorn/longhorn, tag v1.12.1, `chart/`). */
export const LONGHORN_CHART: PinnedChart = PINNED_VERSIONS.chart("longhorn");

/** API group and version of Longhorn's RecurringJob CRD. */
export const LONGHORN_API_VERSION = "longhorn.io/v1beta2";

/** The StorageClass the chart creates. */
export const LONGHORN_STORAGE_CLASS = "longhorn";

/** A node whose Longhorn prerequisites Pulumi installs over SSH. */
export interface PreparedNode {
  /** The Kubernetes node name, used in resource names. */
  readonly nodeName: string;
  readonly ssh: SshTarget;
}

export interface LonghornStorageArgs {
  /**
   * Nodes to prepare over SSH (open-iscsi, nfs-common, iscsid) before Longhorn is installed.
   * Empty: the nodes were prepared by hand. Default: empty.
   */
  readonly preparedNodes?: readonly PreparedNode[];
  /** Replicas per volume of the `longhorn` StorageClass; at most the node count. Default: 3. */
  readonly replicaCount?: number;
  /** What happens to a volume when its claim is deleted. Default: `Retain` (data is kept). */
  readonly reclaimPolicy?: "Retain" | "Delete";
  /** Patch k3s' `local-path` StorageClass so that it is no longer the default. Default: true. */
  readonly demoteLocalPath?: boolean;
  /** Where volume backups go. Default: none (snapshots only, no backup job). */
  readonly backupTarget?: LonghornBackupTarget;
  /** Snapshot job. Default: every 6 hours, keep 28. */
  readonly snapshots?: RecurringSchedule;
  /** Backup job, created only with a backup target. Default: daily at 02:00, keep 14. */
  readonly backups?: RecurringSchedule;
  /** Default: `longhorn-system` (privileged: Longhorn mounts host devices). */
  readonly namespace?: string;
  /** Default: {@link LONGHORN_CHART}. */
  readonly chart?: PinnedChart;
}

const DEFAULT_SNAPSHOTS: RecurringSchedule = { cron: "0 */6 * * *", retain: 28 };
const DEFAULT_BACKUPS: RecurringSchedule = { cron: "0 2 * * *", retain: 14 };
const BACKUP_SECRET = "longhorn-backup-credentials";

/**
 * Longhorn as the cluster's default storage (seed 004, phases 2.2 and 6.2): node prerequisites
 * over SSH, the chart once every node is ready, `local-path` demoted, a backup target and
 * recurring snapshot and backup jobs. Nothing here deletes volume data: the StorageClass retains
 * released volumes by default and the release and its namespace are protected.
 */
export class LonghornStorage extends pulumi.ComponentResource {
  readonly release: kubernetes.helm.v3.Release;
  readonly prerequisites: command.remote.Command[];
  readonly recurringJobs: kubernetes.apiextensions.CustomResource[];
  readonly storageClassName: pulumi.Output<string>;
  readonly backupTarget: pulumi.Output<string | undefined>;

  constructor(name: string, args: LonghornStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:longhorn:LonghornStorage", name, {}, opts);

    const chart = args.chart ?? LONGHORN_CHART;
    const replicaCount = args.replicaCount ?? 3;
    const snapshots = args.snapshots ?? DEFAULT_SNAPSHOTS;
    const backups = args.backups ?? DEFAULT_BACKUPS;
    this.checkArgs(chart, replicaCount, [snapshots, backups], args.backupTarget);

    const child = { parent: this };
    const ns = namespace(
      `${name}-namespace`,
      {
        name: args.namespace ?? "longhorn-system",
        podSecurity: "privileged",
        retainOnDelete: true,
      },
      { ...child, protect: true },
    );

    this.prerequisites = (args.preparedNodes ?? []).map((node) =>
      remoteScript(
        `${name}-prerequisites-${node.nodeName}`,
        node.ssh,
        LONGHORN_NODE_PREREQUISITES,
        child,
      ),
    );

    const target = args.backupTarget;
    const credentials =
      target?.kind === "s3"
        ? new kubernetes.core.v1.Secret(
            `${name}-backup-credentials`,
            {
              metadata: { name: BACKUP_SECRET, namespace: ns.metadata.name },
              type: "Opaque",
              stringData: pulumi.secret(longhornS3Credentials(target.store)),
            },
            child,
          )
        : undefined;

    this.release = pinnedRelease(
      `${name}-chart`,
      {
        chart,
        releaseName: "longhorn",
        namespace: ns.metadata.name,
        values: longhornValues({
          replicaCount,
          reclaimPolicy: args.reclaimPolicy ?? "Retain",
          backupTargetUrl: target && backupTargetUrl(target),
          backupCredentialSecret: credentials && BACKUP_SECRET,
        }),
        timeoutSeconds: 900,
      },
      // Only after every node's prerequisites succeeded: without iscsid, volumes never attach.
      {
        ...child,
        protect: true,
        dependsOn: [...this.prerequisites, ...(credentials ? [credentials] : [])],
      },
    );

    if (args.demoteLocalPath ?? true) {
      // k3s ships local-path as the default class and owns that annotation, hence patchForce.
      new kubernetes.storage.v1.StorageClassPatch(
        `${name}-local-path-not-default`,
        {
          metadata: {
            name: "local-path",
            annotations: {
              "storageclass.kubernetes.io/is-default-class": "false",
              "pulumi.com/patchForce": "true",
            },
          },
        },
        { ...child, dependsOn: [this.release] },
      );
    }

    const job = (suffix: string, task: "snapshot" | "backup", schedule: RecurringSchedule) =>
      new kubernetes.apiextensions.CustomResource(
        `${name}-${suffix}`,
        {
          apiVersion: LONGHORN_API_VERSION,
          kind: "RecurringJob",
          metadata: { name: suffix, namespace: ns.metadata.name },
          spec: recurringJobSpec(suffix, task, schedule),
        },
        { ...child, dependsOn: [this.release] },
      );
    this.recurringJobs = [
      job("recurring-snapshot", "snapshot", snapshots),
      ...(target ? [job("recurring-backup", "backup", backups)] : []),
    ];

    this.storageClassName = pulumi.output(LONGHORN_STORAGE_CLASS);
    this.backupTarget = pulumi.output(target && backupTargetUrl(target));
    this.registerOutputs({
      storageClassName: this.storageClassName,
      backupTarget: this.backupTarget,
    });
  }

  private checkArgs(
    chart: PinnedChart,
    replicaCount: number,
    schedules: RecurringSchedule[],
    target: LonghornBackupTarget | undefined,
  ): void {
    const problems = [
      chartPinProblem(chart),
      Number.isInteger(replicaCount) && replicaCount >= 1
        ? undefined
        : `replicaCount ${replicaCount} is not a whole number of at least 1`,
      ...schedules.map((s) =>
        isCronExpression(s.cron) && Number.isInteger(s.retain) && s.retain >= 1
          ? undefined
          : `recurring job "${s.cron}" keeping ${s.retain} needs a cron expression and retain >= 1`,
      ),
      target?.kind === "nfs" && !isLonghornBackupUrl(target.url)
        ? `backup target ${target.url} is not nfs://host:/path`
        : undefined,
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
      throw new pulumi.ResourceError(problems.join("; "), this);
    }
  }
}
