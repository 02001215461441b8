import {
  formatIpv4,
  Ipv4Cidr,
  isPrivateCidr,
  isPublicAddress,
  isUsableHost,
  parseIpv4,
  PUBLIC_ADDRESS_RULE,
} from "../../components/toolbox/network/ipv4";
import { formatIpv4Range, parseIpv4Range } from "../../components/toolbox/network/ipv4Range";
import { ConfigReader } from "../config/configReader";

export type NodeRole = "control-plane" | "worker";

/** One k3s node, as `cluster:nodes` lists it. */
export interface ClusterNode {
  /** The Kubernetes node name (`kubectl get nodes`). */
  readonly name: string;
  /** Its IPv4 address, which Pulumi also reaches it on over SSH. */
  readonly address: string;
  readonly roles: readonly NodeRole[];
  /** Has the NVIDIA GPU. */
  readonly gpu: boolean;
}

/** The network facts of the cluster, validated against each other. */
export interface ClusterNetwork {
  readonly subnet: string;
  readonly gateway: string;
  readonly nodes: readonly ClusterNode[];
  /** MetalLB's range, canonical `start-end`. */
  readonly poolRange: string;
  readonly loadBalancerIp: string;
}

const ROLES: readonly NodeRole[] = ["control-plane", "worker"];
const NODE_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NODES_EXPECTED =
  "a list of nodes, each {name, address, roles: [control-plane, worker], gpu: true|false}";

function subnetOf(reader: ConfigReader): Ipv4Cidr | undefined {
  const text = reader.requiredString(
    "cluster",
    "subnet",
    "the nodes' IPv4 network, e.g. 192.168.2.0/24",
  );
  if (!text) {
    return undefined;
  }
  const subnet = reader.cidr("cluster", "subnet", text);
  if (subnet && !isPrivateCidr(subnet)) {
    reader.fail("cluster:subnet", text, "a private (RFC 1918) network such as 192.168.2.0/24");
    return undefined;
  }
  return subnet;
}

function gatewayOf(reader: ConfigReader, subnet: Ipv4Cidr | undefined): number | undefined {
  const gateway = reader.ipv4("cluster", "gateway", subnet && formatIpv4(subnet.first + 1));
  if (subnet && gateway !== undefined && !isUsableHost(subnet, gateway)) {
    reader.fail("cluster:gateway", formatIpv4(gateway), `a host address inside ${subnet.text}`);
  }
  return gateway;
}

function nodeOf(
  reader: ConfigReader,
  raw: unknown,
  i: number,
  subnet: Ipv4Cidr | undefined,
  gateway: number | undefined,
): ClusterNode | undefined {
  const key = `cluster:nodes[${i}]`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    reader.fail(key, raw, "an object {name, address, roles, gpu}");
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const name = entry.name;
  if (typeof name !== "string" || !NODE_NAME.test(name)) {
    reader.fail(`${key}.name`, name, "the node's Kubernetes name, lower case, such as aurora");
  }
  const address = typeof entry.address === "string" ? parseIpv4(entry.address) : undefined;
  if (address === undefined) {
    reader.fail(`${key}.address`, entry.address, "an IPv4 address such as 192.168.2.159");
  } else if (subnet && (!isUsableHost(subnet, address) || address === gateway)) {
    reader.fail(
      `${key}.address`,
      entry.address,
      `a host address inside cluster:subnet ${subnet.text}, not the gateway`,
    );
  }
  const roles = entry.roles ?? ["worker"];
  if (
    !Array.isArray(roles) ||
    roles.length === 0 ||
    !roles.every((r) => (ROLES as readonly unknown[]).includes(r))
  ) {
    reader.fail(`${key}.roles`, roles, `a non-empty list of ${ROLES.join(", ")}`);
  }
  const gpu = entry.gpu ?? false;
  if (typeof gpu !== "boolean") {
    reader.fail(`${key}.gpu`, gpu, "true or false");
  }
  return {
    name: String(name),
    address: String(entry.address),
    roles: Array.isArray(roles) ? (roles as NodeRole[]) : [],
    gpu: gpu === true,
  };
}

function nodesOf(
  reader: ConfigReader,
  subnet: Ipv4Cidr | undefined,
  gateway: number | undefined,
): ClusterNode[] {
  if (reader.optionalString("cluster", "nodes") === undefined) {
    reader.requiredString("cluster", "nodes", NODES_EXPECTED);
    return [];
  }
  const raw = reader.optionalStructured("cluster", "nodes");
  if (raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    reader.fail("cluster:nodes", raw, NODES_EXPECTED);
    return [];
  }
  const nodes = raw
    .map((entry, i) => nodeOf(reader, entry, i, subnet, gateway))
    .filter((n): n is ClusterNode => n !== undefined);
  for (const [field, what] of [
    ["name", "a name"],
    ["address", "an address"],
  ] as const) {
    const seen = new Set<string>();
    nodes.forEach((node, i) => {
      if (seen.has(node[field])) {
        reader.fail(`cluster:nodes[${i}].${field}`, node[field], `${what} no other node has`);
      }
      seen.add(node[field]);
    });
  }
  if (nodes.length === raw.length && !nodes.some((n) => n.roles.includes("control-plane"))) {
    reader.fail(
      "cluster:nodes",
      nodes.map((n) => n.name),
      "at least one node with role control-plane",
    );
  }
  const gpuNodes = nodes.filter((n) => n.gpu);
  if (gpuNodes.length > 1) {
    reader.fail(
      "cluster:nodes",
      gpuNodes.map((n) => n.name),
      "at most one node with gpu: true (NvidiaGpuNode manages one GPU node)",
    );
  }
  return nodes;
}

function poolOf(
  reader: ConfigReader,
  subnet: Ipv4Cidr | undefined,
  gateway: number | undefined,
  nodes: readonly ClusterNode[],
): ReturnType<typeof parseIpv4Range> {
  const text = reader.requiredString(
    "metallb",
    "range",
    "the LoadBalancer addresses, start-end such as 192.168.2.200-192.168.2.220",
  );
  if (!text) {
    return undefined;
  }
  const range = parseIpv4Range(text);
  if (!range) {
    reader.fail(
      "metallb:range",
      text,
      "start-end with start <= end, such as 192.168.2.200-192.168.2.220",
    );
    return undefined;
  }
  if (subnet && !(range.first > subnet.first && range.last < subnet.last)) {
    reader.fail("metallb:range", text, `host addresses inside cluster:subnet ${subnet.text}`);
    return range;
  }
  // An address that did not parse (undefined) takes nothing.
  const taken = [
    { what: "the gateway cluster:gateway", address: gateway },
    ...nodes.map((n) => ({ what: `node ${n.name}`, address: parseIpv4(n.address) })),
  ];
  for (const { what, address } of taken) {
    if (address !== undefined && address >= range.first && address <= range.last) {
      reader.fail(
        "metallb:range",
        text,
        `a range that leaves out ${what} (${formatIpv4(address)})`,
      );
    }
  }
  return range;
}

/** Reads and cross-checks subnet, gateway, nodes, MetalLB's range and the ingress address. */
export function loadClusterNetwork(reader: ConfigReader): ClusterNetwork {
  const subnet = subnetOf(reader);
  const gateway = gatewayOf(reader, subnet);
  const nodes = nodesOf(reader, subnet, gateway);
  const range = poolOf(reader, subnet, gateway, nodes);

  const ip = reader.ipv4("ingress", "loadBalancerIp", range && formatIpv4(range.first));
  if (range && ip !== undefined && !(ip >= range.first && ip <= range.last)) {
    reader.fail(
      "ingress:loadBalancerIp",
      formatIpv4(ip),
      `an address inside the MetalLB pool metallb:range ${formatIpv4Range(range)}`,
    );
  }
  return {
    subnet: subnet?.text ?? "",
    gateway: gateway === undefined ? "" : formatIpv4(gateway),
    nodes,
    poolRange: range ? formatIpv4Range(range) : "",
    loadBalancerIp: ip === undefined ? "" : formatIpv4(ip),
  };
}

/** `cluster:publicAddress`: the WAN address the firewall forwards 80/443 from, if given. */
export function publicAddressOf(reader: ConfigReader): string | undefined {
  const address = reader.ipv4("cluster", "publicAddress");
  if (address !== undefined && !isPublicAddress(address)) {
    // The address goes into the public DNS records (publicDnsRecords).
    reader.fail("cluster:publicAddress", formatIpv4(address), PUBLIC_ADDRESS_RULE);
  }
  return address === undefined ? undefined : formatIpv4(address);
}
