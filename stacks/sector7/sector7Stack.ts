import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BackupStoreCredentials } from "../../components/backups/store/backupStoreCredentials";
import { S3BackupStore } from "../../components/backups/store/s3BackupStore";
import { LETSENCRYPT_ISSUERS } from "../../components/cluster/certManager/acmeIssuers";
import { CertManagerIssuers } from "../../components/cluster/certManager/certManagerIssuers";
import { SshTarget } from "../../components/toolbox/hosts/remoteScript";
import { INGRESS_CONTROLLER } from "../../components/cluster/ingress/controllers";
import { IngressController } from "../../components/cluster/ingress/ingressController";
import { PinnedChart } from "../../components/toolbox/kubernetes/helmRelease";
import { LonghornBackupTarget } from "../../components/cluster/longhorn/backupTarget";
import { LonghornStorage } from "../../components/cluster/longhorn/longhornStorage";
import { LONGHORN_NODE_PREREQUISITES } from "../../components/cluster/longhorn/nodePrerequisites";
import { MetalLBPool } from "../../components/cluster/metallb/metallbPool";
import { ClusterMonitoring } from "../../components/cluster/monitoring/clusterMonitoring";
import { NvidiaGpuNode } from "../../components/cluster/nvidia/nvidiaGpuNode";
import { ClusterBackups } from "../../components/backups/kubernetes/clusterBackups";
import {
  GPU_NODE_LABEL,
  GPU_RESOURCE_NAME,
} from "../../components/cluster/nvidia/devicePluginValues";
import { deploySector7Services, Sector7ServicesOutputs } from "../sector7Services/sector7Services";
import { ClusterNode, Sector7Config } from "./sector7Config";

/** What `pulumi stack output` shows for sector7. */
export interface Sector7Outputs extends Sector7ServicesOutputs {
  readonly loadBalancerIp: pulumi.Output<string>;
  readonly metallbPool: pulumi.Output<{ name: string; addresses: string }>;
  readonly ingressController: pulumi.Output<string>;
  readonly ingressClassName: pulumi.Output<string>;
  readonly ingressService: pulumi.Output<string>;
  readonly clusterIssuers: pulumi.Output<string[]>;
  readonly storageClass: pulumi.Output<string>;
  readonly longhornBackupTarget: pulumi.Output<string | undefined>;
  /** Whether Pulumi prepares the nodes for Longhorn, or how to do it by hand. */
  readonly nodePrerequisites: pulumi.Output<string>;
  /** The idempotent script that prepares a node for Longhorn. */
  readonly nodePrerequisiteScript: pulumi.Output<string>;
  readonly gpuNode: pulumi.Output<string | undefined>;
  readonly gpuResourceName: pulumi.Output<string | undefined>;
  readonly gpuRuntimeClass: pulumi.Output<string | undefined>;
  readonly grafanaUrl: pulumi.Output<string>;
  readonly grafanaAdminUser: pulumi.Output<string>;
  readonly grafanaAdminPassword: pulumi.Output<string>;
  /** Host -> address records for the LAN's resolver (OPNsense Unbound in seed 004). */
  readonly dnsRecords: pulumi.Output<Record<string, string>>;
  /** Host -> address records for public DNS, when `cluster:publicAddress` is set. */
  readonly publicDnsRecords: pulumi.Output<Record<string, string> | undefined>;
  readonly backupStore: pulumi.Output<{ endpoint: string; bucket: string } | undefined>;
  readonly backupStoreAccessKeyId: pulumi.Output<string | undefined>;
  readonly backupStoreSecretAccessKey: pulumi.Output<string | undefined>;
  readonly veleroSchedules: pulumi.Output<string[]>;
  /** Whether each controller is Pulumi's Helm release or one that already ran. */
  readonly existingControllers: pulumi.Output<Record<string, string>>;
  /**
   * `pulumi import` commands that adopt controllers a user installed with Helm, and issuers
   * applied by hand, into this stack's resources instead of leaving them outside.
   */
  readonly adoptionCommands: pulumi.Output<string[]>;
}

function backupStore(config: Sector7Config): S3BackupStore | undefined {
  const store = config.backup.store;
  if (!store) {
    return undefined;
  }
  const credentials = new BackupStoreCredentials("sector7-backup-store", {
    accessKeyId: store.accessKeyId,
    secretAccessKey: store.secretAccessKey,
  });
  return {
    endpoint: store.endpoint,
    bucket: store.bucket,
    region: store.region,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
  };
}

function longhornTarget(
  config: Sector7Config,
  store: S3BackupStore | undefined,
): LonghornBackupTarget | undefined {
  const target = config.backup.longhornTarget;
  if (target.kind === "nfs") {
    return { kind: "nfs", url: target.url };
  }
  return target.kind === "store" && store
    ? { kind: "s3", store, prefix: target.prefix }
    : undefined;
}

function dnsRecords(config: Sector7Config, grafanaHost: string): Record<string, string> {
  const { domain, loadBalancerIp } = config.cluster;
  return {
    [domain]: loadBalancerIp,
    [`*.${domain}`]: loadBalancerIp,
    [grafanaHost]: loadBalancerIp,
  };
}

/** One `pulumi import` of `type` `id` as `name`, a child of `parent`, through `provider`. */
function importCommand(
  type: string,
  name: string,
  id: string,
  parent: pulumi.Resource,
  provider: kubernetes.Provider,
): pulumi.Output<string> {
  return pulumi.interpolate`pulumi import '${type}' ${name} ${id} --parent 'parent=${parent.urn}' --provider 'k8s=${provider.urn}'`;
}

/**
 * Adopting what a user installed with Helm (release and namespace) and issuers applied with
 * kubectl: with the controllers' install keys true, these resources would otherwise collide
 * with the objects that exist. Release IDs are `<namespace>/<release name>`.
 */
function adoptionCommands(
  provider: kubernetes.Provider,
  ingress: IngressController,
  certManager: CertManagerIssuers,
): pulumi.Output<string[]> {
  return pulumi.all([
    importCommand(
      "kubernetes:core/v1:Namespace",
      "sector7-ingress-namespace",
      "ingress-nginx",
      ingress,
      provider,
    ),
    importCommand(
      "kubernetes:helm.sh/v3:Release",
      "sector7-ingress-chart",
      "ingress-nginx/ingress-nginx",
      ingress,
      provider,
    ),
    importCommand(
      "kubernetes:core/v1:Namespace",
      "sector7-cert-manager-namespace",
      "cert-manager",
      certManager,
      provider,
    ),
    importCommand(
      "kubernetes:helm.sh/v3:Release",
      "sector7-cert-manager-chart",
      "cert-manager/cert-manager",
      certManager,
      provider,
    ),
    ...LETSENCRYPT_ISSUERS.map((issuer) =>
      importCommand(
        "kubernetes:cert-manager.io/v1:ClusterIssuer",
        `sector7-cert-manager-${issuer}`,
        issuer,
        certManager,
        provider,
      ),
    ),
  ]);
}

/** The stack's version of a profile's chart: its versions.json entry, with platform:versions. */
function overridden(chart: PinnedChart, config: Sector7Config): PinnedChart {
  const entry = Object.values(config.charts).find(
    (c) => c.chart === chart.chart && c.repo === chart.repo,
  );
  return entry ?? chart;
}

/**
 * The platform layer of seed 004 (phases 2, 3 and 6) on the two-node k3s cluster: MetalLB,
 * Longhorn, the ingress controller on its fixed address, cert-manager's issuers, the GPU node,
 * Prometheus and Grafana, and Velero.
 */
export function deploySector7(config: Sector7Config): Sector7Outputs {
  const provider = new kubernetes.Provider("sector7-k8s", {
    kubeconfig: config.cluster.kubeconfig,
    context: config.cluster.context,
  });
  const opts = { providers: [provider] };
  const ssh = config.ssh;
  const sshTo = (node: ClusterNode): SshTarget => {
    if (!ssh) {
      throw new Error(`no SSH login configured for node ${node.name}`);
    }
    return { host: node.address, user: ssh.user, privateKey: ssh.privateKey, port: ssh.port };
  };

  const metallb = new MetalLBPool(
    "sector7-metallb",
    {
      addresses: config.cluster.poolRange,
      chart: config.charts.metallb,
      poolName: config.metallb.poolName,
      advertisementName: config.metallb.advertisementName,
    },
    opts,
  );

  const store = backupStore(config);
  const longhorn = new LonghornStorage(
    "sector7-longhorn",
    {
      preparedNodes: config.longhorn.installNodePrerequisites
        ? config.cluster.nodes.map((node) => ({ nodeName: node.name, ssh: sshTo(node) }))
        : [],
      chart: config.charts.longhorn,
      replicaCount: config.longhorn.replicaCount,
      reclaimPolicy: config.longhorn.reclaimPolicy,
      demoteLocalPath: config.longhorn.demoteLocalPath,
      backupTarget: longhornTarget(config, store),
      snapshots: config.backup.longhornSnapshots,
      backups: config.backup.longhornBackups,
    },
    opts,
  );

  const ingress = new IngressController(
    "sector7-ingress",
    {
      loadBalancerIp: config.cluster.loadBalancerIp,
      poolName: metallb.poolName,
      poolAddresses: config.cluster.poolRange,
      waitFor: [metallb.pool, metallb.advertisement],
      install: config.ingress.install,
      profile: { ...INGRESS_CONTROLLER, chart: overridden(INGRESS_CONTROLLER.chart, config) },
    },
    opts,
  );

  const certManager = new CertManagerIssuers(
    "sector7-cert-manager",
    {
      email: config.certManager.email,
      ingressClassName: ingress.className,
      install: config.certManager.install,
      chart: config.charts["cert-manager"],
    },
    opts,
  );

  const gpuNode = config.cluster.nodes.find((node) => node.gpu);
  const gpu =
    gpuNode &&
    new NvidiaGpuNode(
      "sector7-gpu",
      {
        nodeName: gpuNode.name,
        chart: config.charts["nvidia-device-plugin"],
        timeSlicingReplicas: config.gpu.timeSlicingReplicas,
        hostPrerequisites: config.gpu.installHostPrerequisites
          ? {
              ssh: sshTo(gpuNode),
              driverPackage: config.gpu.driverPackage,
              containerToolkitVersion: config.gpu.containerToolkitVersion,
            }
          : undefined,
      },
      opts,
    );

  const monitoring = new ClusterMonitoring(
    "sector7-monitoring",
    {
      grafanaHost: config.monitoring.grafanaHost,
      chart: config.charts["kube-prometheus-stack"],
      grafanaAdminUser: config.monitoring.grafanaAdminUser,
      ingressClassName: ingress.className,
      clusterIssuer: config.certManager.defaultIssuer,
      storageClassName: longhorn.storageClassName,
      prometheusRetention: config.monitoring.prometheusRetention,
      prometheusStorageSize: config.monitoring.prometheusStorageSize,
      // Prometheus' claim needs Longhorn; Grafana's Ingress needs the controller and its issuer.
      waitFor: [longhorn, ingress, certManager],
    },
    opts,
  );

  const backups =
    config.backup.velero.enabled && store
      ? new ClusterBackups(
          "sector7-velero",
          {
            store,
            prefix: config.backup.velero.prefix,
            pluginImage: config.backup.velero.pluginImage,
            kubectlImageTag: config.backup.velero.kubectlImageTag,
            chart: config.charts.velero,
            schedules: config.backup.velero.schedules,
          },
          opts,
        )
      : undefined;

  const services = deploySector7Services(config.services, {
    provider,
    loadBalancerIp: ingress.loadBalancerIp,
    storageClassName: longhorn.storageClassName,
    clusterIssuer: config.certManager.defaultIssuer,
    ingressClassName: ingress.className,
    // Claims need Longhorn; ingresses need the controller and the issuers.
    waitFor: [longhorn, ingress, certManager],
    gpu: gpu
      ? {
          nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
          runtimeClassName: "nvidia",
          resourceName: GPU_RESOURCE_NAME,
        }
      : undefined,
  });

  const prepared = config.longhorn.installNodePrerequisites;
  const publicAddress = config.cluster.publicAddress;
  const domain = config.cluster.domain;
  return {
    ...services,
    loadBalancerIp: ingress.loadBalancerIp,
    metallbPool: pulumi
      .all([metallb.poolName, metallb.addresses])
      .apply(([name, addresses]) => ({ name, addresses })),
    ingressController: ingress.controllerName,
    ingressClassName: ingress.className,
    ingressService: ingress.serviceName,
    clusterIssuers: certManager.issuerNames,
    storageClass: longhorn.storageClassName,
    longhornBackupTarget: longhorn.backupTarget,
    nodePrerequisites: pulumi.output(
      prepared
        ? `installed by Pulumi over SSH on ${config.cluster.nodes.map((n) => n.name).join(", ")}`
        : "by hand (longhorn:installNodePrerequisites is false): " +
            "pulumi stack output nodePrerequisiteScript | ssh <node> sh",
    ),
    nodePrerequisiteScript: pulumi.output(LONGHORN_NODE_PREREQUISITES),
    gpuNode: gpu ? gpu.nodeName : pulumi.output(undefined),
    gpuResourceName: gpu ? gpu.resourceName : pulumi.output(undefined),
    gpuRuntimeClass: gpu ? gpu.runtimeClassName : pulumi.output(undefined),
    grafanaUrl: monitoring.grafanaUrl,
    grafanaAdminUser: monitoring.grafanaAdminUser,
    grafanaAdminPassword: monitoring.grafanaAdminPassword,
    dnsRecords: pulumi.output(dnsRecords(config, config.monitoring.grafanaHost)),
    publicDnsRecords: pulumi.output(
      publicAddress ? { [domain]: publicAddress, [`*.${domain}`]: publicAddress } : undefined,
    ),
    backupStore: pulumi.output(
      store ? { endpoint: store.endpoint, bucket: store.bucket } : undefined,
    ),
    backupStoreAccessKeyId: store ? pulumi.secret(store.accessKeyId) : pulumi.output(undefined),
    backupStoreSecretAccessKey: store
      ? pulumi.secret(store.secretAccessKey)
      : pulumi.output(undefined),
    veleroSchedules: backups ? backups.scheduleNames : pulumi.output([]),
    existingControllers: pulumi.output<Record<string, string>>({
      ingress: config.ingress.install
        ? "installed by Pulumi (Helm release ingress-nginx/ingress-nginx)"
        : "the running controller (ingress:install false): IngressClass read, Service patched",
      certManager: config.certManager.install
        ? "installed by Pulumi (Helm release cert-manager/cert-manager)"
        : "the running cert-manager (certManager:install false): only the ClusterIssuers",
    }),
    adoptionCommands: adoptionCommands(provider, ingress, certManager),
  };
}
