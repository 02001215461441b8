import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsCredentialsFile, S3BackupStore } from "../store/s3BackupStore";
import { imageReferenceProblem } from "../../toolbox/docker/imageReference";
import { isCronExpression } from "../../toolbox/kubernetes/cron";
import { chartPinProblem, PinnedChart, pinnedRelease } from "../../toolbox/kubernetes/helmRelease";
import { namespace } from "../../toolbox/kubernetes/namespace";
import { BackupSchedule, veleroValues } from "./veleroValues";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/** Velero's chart (vmware-tanzu/helm-charts, tag velero-12.1.0: Velero 1.18.1). */
export const VELERO_CHART: PinnedChart = PINNED_VERSIONS.chart("velero");

/** The AWS plugin release that matches Velero 1.18 (the plugin's compatibility table). */
export const VELERO_AWS_PLUGIN_IMAGE = PINNED_VERSIONS.image("velero-plugin-for-aws");

/** kubectl of the chart's CRD-upgrade job (the chart's registry.k8s.io/kubectl, by tag). */
export const VELERO_KUBECTL_TAG = PINNED_VERSIONS.tag("velero-kubectl");

export const DEFAULT_BACKUP_SCHEDULES: Readonly<Record<string, BackupSchedule>> = {
  daily: { cron: "0 3 * * *", ttl: "168h" },
  weekly: { cron: "0 4 * * 0", ttl: "720h" },
};

const GO_DURATION = /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/;
const CREDENTIALS_SECRET = "velero-s3-credentials";

export interface ClusterBackupsArgs {
  readonly store: S3BackupStore;
  /** Folder in the bucket. Default: `velero`. */
  readonly prefix?: string;
  /** Schedules by name. Default: {@link DEFAULT_BACKUP_SCHEDULES}. */
  readonly schedules?: Readonly<Record<string, BackupSchedule>>;
  /** Default: {@link VELERO_AWS_PLUGIN_IMAGE}. */
  readonly pluginImage?: string;
  /** Default: `velero` (baseline). */
  readonly namespace?: string;
  /** Default: {@link VELERO_CHART}. */
  readonly chart?: PinnedChart;
  /** Tag of the chart's registry.k8s.io/kubectl image. Default: {@link VELERO_KUBECTL_TAG}. */
  readonly kubectlImageTag?: string;
}

/**
 * Velero backing up the cluster's Kubernetes objects to an S3-compatible store on schedules
 * with a TTL (seed 004: "Velero + Longhorn snapshots"; volume data is Longhorn's part).
 */
export class ClusterBackups extends pulumi.ComponentResource {
  readonly release: kubernetes.helm.v3.Release;
  readonly backupLocation: pulumi.Output<string>;
  readonly scheduleNames: pulumi.Output<string[]>;

  constructor(name: string, args: ClusterBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:velero:ClusterBackups", name, {}, opts);

    const chart = args.chart ?? VELERO_CHART;
    const schedules = args.schedules ?? DEFAULT_BACKUP_SCHEDULES;
    const pluginImage = args.pluginImage ?? VELERO_AWS_PLUGIN_IMAGE;
    const problems = [
      chartPinProblem(chart),
      imageReferenceProblem(pluginImage) && `pluginImage ${pluginImage} is not pinned`,
      ...Object.entries(schedules).map(([scheduleName, s]) =>
        isCronExpression(s.cron) && GO_DURATION.test(s.ttl)
          ? undefined
          : `schedule ${scheduleName} needs a cron expression and a TTL like 720h`,
      ),
    ].filter((p): p is string => typeof p === "string");
    if (problems.length > 0) {
      throw new pulumi.ResourceError(problems.join("; "), this);
    }
    const child = { parent: this };

    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "velero", podSecurity: "baseline" },
      child,
    );

    const credentials = new kubernetes.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { name: CREDENTIALS_SECRET, namespace: ns.metadata.name },
        type: "Opaque",
        stringData: { cloud: awsCredentialsFile(args.store) },
      },
      child,
    );

    this.release = pinnedRelease(
      `${name}-chart`,
      {
        chart,
        releaseName: "velero",
        namespace: ns.metadata.name,
        values: veleroValues({
          store: args.store,
          prefix: args.prefix ?? "velero",
          credentialsSecret: CREDENTIALS_SECRET,
          pluginImage,
          kubectlImageTag: args.kubectlImageTag ?? VELERO_KUBECTL_TAG,
          schedules,
        }),
      },
      { ...child, dependsOn: [credentials] },
    );

    this.backupLocation = pulumi.output(`${args.store.endpoint}/${args.store.bucket}`);
    this.scheduleNames = pulumi.output(Object.keys(schedules));
    this.registerOutputs({
      backupLocation: this.backupLocation,
      scheduleNames: this.scheduleNames,
    });
  }
}
