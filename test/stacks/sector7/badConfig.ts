import { BadCase } from "../../support/configAlone";
import { FAKE_PRIVATE_KEY, OVER_SSH } from "./sector7Fixture";

/**
 * Config sector7 must refuse, with what the message must name (the key, the value, what is
 * allowed). config.test.ts runs each through a whole synthesis (nothing is created);
 * configValidation.test.ts through loadSector7Config alone, fast enough for mutation testing.
 */

const nodes = (list: object[]) => `cluster:nodes=${JSON.stringify(list)}`;
const aurora = { name: "aurora", address: "192.168.2.159", roles: ["control-plane", "worker"] };
const optiplex = { name: "optiplex", address: "192.168.2.231", roles: ["worker"] };
const withKey = { "ssh:privateKey": FAKE_PRIVATE_KEY };

export const BAD_CONFIG: Record<string, BadCase> = {
  "a malformed MetalLB range": {
    overrides: ["metallb:range=192.168.2.300-192.168.2.220"],
    mentions: ["metallb:range", "192.168.2.300-192.168.2.220", "start <= end"],
  },
  "a MetalLB range whose start is after its end": {
    overrides: ["metallb:range=192.168.2.220-192.168.2.200"],
    mentions: ["metallb:range", "192.168.2.220-192.168.2.200", "start <= end"],
  },
  "a MetalLB range outside the node subnet": {
    overrides: ["metallb:range=10.0.0.1-10.0.0.5", "ingress:loadBalancerIp=10.0.0.1"],
    mentions: ["metallb:range", "10.0.0.1-10.0.0.5", "inside cluster:subnet 192.168.2.0/24"],
  },
  "a MetalLB range reaching the broadcast address": {
    overrides: [
      "metallb:range=192.168.2.240-192.168.2.255",
      "ingress:loadBalancerIp=192.168.2.240",
    ],
    mentions: ["metallb:range", "192.168.2.240-192.168.2.255", "host addresses inside"],
  },
  "a MetalLB range containing a node": {
    overrides: [
      "metallb:range=192.168.2.150-192.168.2.170",
      "ingress:loadBalancerIp=192.168.2.150",
    ],
    mentions: ["metallb:range", "192.168.2.150-192.168.2.170", "node aurora (192.168.2.159)"],
  },
  "a MetalLB range containing the gateway": {
    overrides: ["metallb:range=192.168.2.1-192.168.2.20", "ingress:loadBalancerIp=192.168.2.10"],
    mentions: ["metallb:range", "cluster:gateway (192.168.2.1)"],
  },
  "no MetalLB range": {
    overrides: ["metallb:range="],
    mentions: ["metallb:range is required"],
  },
  "an ingress address outside the pool": {
    overrides: ["ingress:loadBalancerIp=192.168.2.230"],
    mentions: [
      "ingress:loadBalancerIp",
      "192.168.2.230",
      "metallb:range 192.168.2.200-192.168.2.220",
    ],
  },
  "an ingress address that is no address": {
    overrides: ["ingress:loadBalancerIp=192.168.2"],
    mentions: ["ingress:loadBalancerIp", '"192.168.2"', "IPv4 address"],
  },
  "a public node subnet": {
    overrides: ["cluster:subnet=8.8.8.0/24"],
    mentions: ["cluster:subnet", "8.8.8.0/24", "RFC 1918"],
  },
  "a malformed node subnet": {
    overrides: ["cluster:subnet=192.168.2.0/33"],
    mentions: ["cluster:subnet", "192.168.2.0/33", "CIDR"],
  },
  "a gateway outside the subnet": {
    overrides: ["cluster:gateway=192.168.3.1"],
    mentions: ["cluster:gateway", "192.168.3.1", "inside 192.168.2.0/24"],
  },
  "a node outside the subnet": {
    overrides: [nodes([{ ...aurora, address: "192.168.3.159" }, optiplex])],
    mentions: ["cluster:nodes[0].address", "192.168.3.159", "inside cluster:subnet"],
  },
  "a node on the gateway address": {
    overrides: [nodes([aurora, { ...optiplex, address: "192.168.2.1" }])],
    mentions: ["cluster:nodes[1].address", "192.168.2.1", "not the gateway"],
  },
  "two nodes on one address": {
    overrides: [nodes([aurora, { ...optiplex, address: "192.168.2.159" }])],
    mentions: ["cluster:nodes[1].address", "192.168.2.159", "no other node has"],
  },
  "an unknown node role": {
    overrides: [nodes([aurora, { ...optiplex, roles: ["master"] }])],
    mentions: ["cluster:nodes[1].roles", "master", "control-plane, worker"],
  },
  "a node name Kubernetes would refuse": {
    overrides: [nodes([{ ...aurora, name: "Aurora Tower" }, optiplex])],
    mentions: ["cluster:nodes[0].name", "Aurora Tower", "Kubernetes name"],
  },
  "no control-plane node": {
    overrides: [nodes([{ ...aurora, roles: ["worker"] }, optiplex])],
    mentions: ["cluster:nodes", "at least one node with role control-plane"],
  },
  "two GPU nodes": {
    overrides: [
      nodes([
        { ...aurora, gpu: true },
        { ...optiplex, gpu: true },
      ]),
    ],
    mentions: ["cluster:nodes", "at most one node with gpu: true"],
  },
  "a GPU flag that is not a boolean": {
    overrides: [nodes([{ ...aurora, gpu: "yes" }, optiplex])],
    mentions: ["cluster:nodes[0].gpu", '"yes"', "true or false"],
  },
  "no nodes": {
    overrides: ["cluster:nodes="],
    mentions: ["cluster:nodes is required", "name, address, roles"],
  },
  "nodes that are not a list": {
    overrides: ['cluster:nodes={"name":"aurora"}'],
    mentions: ["cluster:nodes", "a list of nodes"],
  },
  "nodes that do not parse": {
    overrides: ["cluster:nodes=[oops"],
    mentions: ["cluster:nodes", "[oops", "YAML list"],
  },
  "more Longhorn replicas than nodes": {
    overrides: ["longhorn:replicaCount=3"],
    mentions: ["longhorn:replicaCount", "3", "at most the number of nodes in cluster:nodes (2)"],
  },
  "no Longhorn replica": {
    overrides: ["longhorn:replicaCount=0"],
    mentions: ["longhorn:replicaCount", '"0"', "1 to 3"],
  },
  "an unknown reclaim policy": {
    overrides: ["longhorn:reclaimPolicy=Recycle"],
    mentions: ["longhorn:reclaimPolicy", "Recycle", "Retain, Delete"],
  },
  "a snapshot schedule that is not cron": {
    overrides: ["longhorn:snapshotCron=every 6 hours"],
    mentions: ["longhorn:snapshotCron", "every 6 hours", "cron expression"],
  },
  "a backup schedule with an hour of 24": {
    overrides: ["longhorn:backupCron=0 24 * * *"],
    mentions: ["longhorn:backupCron", "0 24 * * *", "cron expression"],
  },
  "a backup target Longhorn cannot use": {
    overrides: ["longhorn:backupTarget=smb://nas/backups"],
    mentions: ["longhorn:backupTarget", "smb://nas/backups", "nfs://host:/path"],
  },
  "node prerequisites without SSH login or key": {
    overrides: ["longhorn:installNodePrerequisites=true"],
    mentions: [
      "ssh:user is required",
      "ssh:privateKey is required",
      "pulumi config set --secret ssh:privateKey < ~/.ssh/id_ed25519",
    ],
  },
  "a public key where the private key belongs": {
    overrides: OVER_SSH,
    secrets: { "ssh:privateKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBadKeyMaterial me@host" },
    mentions: ["ssh:privateKey", "<a public key>", "private key's contents"],
  },
  "a key file's path where its contents belong": {
    overrides: OVER_SSH,
    secrets: { "ssh:privateKey": "~/.ssh/id_ed25519" },
    mentions: ["ssh:privateKey", "<a file path>", "not its path"],
  },
  "an SSH user with a space": {
    overrides: [...OVER_SSH, "ssh:user=deploy user"],
    secrets: withKey,
    mentions: ["ssh:user", '"deploy user"', "Unix user name"],
  },
  "GPU host prerequisites without a driver package": {
    overrides: [...OVER_SSH, "gpu:driverPackage="],
    secrets: withKey,
    mentions: ["gpu:driverPackage is required"],
  },
  "GPU host prerequisites without a GPU node": {
    overrides: [...OVER_SSH, nodes([aurora, optiplex])],
    secrets: withKey,
    mentions: ["gpu:installHostPrerequisites", "a node in cluster:nodes has gpu: true"],
  },
  "an unpinned container toolkit": {
    overrides: ["gpu:containerToolkitVersion=latest"],
    mentions: ["gpu:containerToolkitVersion", '"latest"', "exact apt version"],
  },
  "no time-slicing replica": {
    overrides: ["gpu:timeSlicingReplicas=0"],
    mentions: ["gpu:timeSlicingReplicas", '"0"', "1 to 48"],
  },
  "an e-mail without a domain": {
    overrides: ["certManager:email=graydon"],
    mentions: ["certManager:email", '"graydon"', "e-mail address"],
  },
  "no e-mail": {
    overrides: ["certManager:email="],
    mentions: ["certManager:email is required"],
  },
  "an unknown default issuer": {
    overrides: ["certManager:defaultIssuer=zerossl"],
    mentions: ["certManager:defaultIssuer", "zerossl", "letsencrypt-prod, letsencrypt-staging"],
  },
  "a domain with a space": {
    overrides: ["cluster:domain=sector 7.example.com"],
    mentions: ["cluster:domain", '"sector 7.example.com"', "DNS name"],
  },
  "a private public address": {
    overrides: ["cluster:publicAddress=192.168.2.1"],
    mentions: ["cluster:publicAddress", "192.168.2.1", "public IPv4"],
  },
  "a Prometheus retention that is no duration": {
    overrides: ["monitoring:prometheusRetention=forever"],
    mentions: ["monitoring:prometheusRetention", '"forever"', "15d"],
  },
  "a Prometheus claim size in GB": {
    overrides: ["monitoring:prometheusStorageSize=20GB"],
    mentions: ["monitoring:prometheusStorageSize", '"20GB"', "20Gi"],
  },
  "a Grafana host with an underscore": {
    overrides: ["monitoring:grafanaHost=grafana_ui.sector7.helloworlddao.com"],
    mentions: ["monitoring:grafanaHost", "grafana_ui", "DNS hostname"],
  },
  "no backup store": {
    overrides: ["backup:s3Url=", "backup:bucket="],
    mentions: ["backup:s3Url is required", "backup:bucket is required"],
  },
  "a backup store URL with a path": {
    overrides: ["backup:s3Url=http://192.168.2.106:9000/bucket"],
    mentions: ["backup:s3Url", "http://192.168.2.106:9000/bucket", "no path"],
  },
  "a bucket name S3 refuses": {
    overrides: ["backup:bucket=Sector7_Backups"],
    mentions: ["backup:bucket", "Sector7_Backups", "S3 bucket name"],
  },
  "half a backup key pair": {
    overrides: [],
    secrets: { "backup:accessKeyId": "AKIAEXAMPLE000000000" },
    mentions: ["backup:secretAccessKey", "give both backup keys"],
  },
  "a Velero TTL in days": {
    overrides: ["velero:dailyTtl=7d"],
    mentions: ["velero:dailyTtl", '"7d"', "720h"],
  },
  "a Velero schedule that is not cron": {
    overrides: ["velero:weeklyCron=@weekly"],
    mentions: ["velero:weeklyCron", "@weekly", "cron expression"],
  },
  "a Velero plugin on latest": {
    overrides: ["velero:pluginImage=velero/velero-plugin-for-aws:latest"],
    mentions: ["velero:pluginImage", "velero/velero-plugin-for-aws:latest", "pinned"],
  },
};
