import { describe, expect, it } from "vitest";
import { invalid, readAlone } from "../../support/configAlone";
import { loadClusterNetwork, publicAddressOf } from "../../../stacks/sector7/clusterConfig";

/**
 * sector7's network keys (cluster:subnet, cluster:gateway, cluster:nodes, metallb:range,
 * ingress:loadBalancerIp, cluster:publicAddress) read by their loader alone, without a
 * synthesis: every address check at its boundaries, and each refusal's exact text.
 */
const aurora = { name: "aurora", address: "192.168.2.159", roles: ["control-plane", "worker"] };
const optiplex = { name: "optiplex", address: "192.168.2.231", roles: ["worker"] };

const BASE: Record<string, string> = {
  "cluster:subnet": "192.168.2.0/24",
  "cluster:nodes": JSON.stringify([aurora, optiplex]),
  "metallb:range": "192.168.2.200-192.168.2.220",
};

function network(values: Record<string, string | undefined>) {
  const merged = Object.fromEntries(
    Object.entries({ ...BASE, ...values }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  return readAlone(merged, loadClusterNetwork, { stack: "sector7" });
}

const nodes = (list: unknown) => ({ "cluster:nodes": JSON.stringify(list) });

describe("loadClusterNetwork", () => {
  it("returns the cluster's network, gateway and address defaulted from the subnet and pool", () => {
    expect(network({})).toEqual({
      result: {
        subnet: "192.168.2.0/24",
        gateway: "192.168.2.1",
        nodes: [
          {
            name: "aurora",
            address: "192.168.2.159",
            roles: ["control-plane", "worker"],
            gpu: false,
          },
          { name: "optiplex", address: "192.168.2.231", roles: ["worker"], gpu: false },
        ],
        poolRange: "192.168.2.200-192.168.2.220",
        loadBalancerIp: "192.168.2.200",
      },
      problems: [],
    });
  });

  it("gives MetalLB's range in canonical form", () => {
    expect(network({ "metallb:range": "192.168.2.200 - 192.168.2.220" }).result.poolRange).toBe(
      "192.168.2.200-192.168.2.220",
    );
    expect(network({ "metallb:range": "192.168.2.192/28" })).toMatchObject({
      result: { poolRange: "192.168.2.192-192.168.2.207", loadBalancerIp: "192.168.2.192" },
      problems: [],
    });
  });

  it("returns empty texts for what is missing", () => {
    expect(
      network({
        "cluster:subnet": undefined,
        "cluster:nodes": undefined,
        "metallb:range": undefined,
      }),
    ).toEqual({
      result: { subnet: "", gateway: "", nodes: [], poolRange: "", loadBalancerIp: "" },
      problems: [
        "cluster:subnet is required: the nodes' IPv4 network, e.g. 192.168.2.0/24",
        "cluster:nodes is required: a list of nodes, each {name, address, roles: " +
          "[control-plane, worker], gpu: true|false}",
        "metallb:range is required: the LoadBalancer addresses, start-end such as " +
          "192.168.2.200-192.168.2.220",
      ],
    });
  });
});

describe("cluster:subnet", () => {
  it.each(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "172.31.255.0/24"])(
    "accepts the private network %s",
    (subnet) => {
      const found = network({
        "cluster:subnet": subnet,
        "cluster:nodes": undefined,
        "metallb:range": undefined,
      }).problems;
      expect(found.filter((p) => p.startsWith("cluster:subnet"))).toEqual([]);
    },
  );

  it.each(["8.8.8.0/24", "172.32.0.0/16", "192.168.0.0/15", "11.0.0.0/8"])(
    "refuses the public network %s, saying private, and checks nothing against it",
    (subnet) => {
      expect(network({ "cluster:subnet": subnet, "cluster:gateway": "8.8.8.8" })).toEqual({
        result: expect.objectContaining({ subnet: "", gateway: "8.8.8.8" }),
        problems: [
          invalid("cluster:subnet", subnet, "a private (RFC 1918) network such as 192.168.2.0/24"),
        ],
      });
    },
  );

  it("refuses what is no CIDR", () => {
    expect(network({ "cluster:subnet": "192.168.2.0/33" }).problems).toEqual([
      invalid(
        "cluster:subnet",
        "192.168.2.0/33",
        "an IPv4 network in CIDR notation such as 172.21.0.0/16",
      ),
    ]);
  });
});

describe("cluster:gateway", () => {
  it.each(["192.168.2.1", "192.168.2.254", "192.168.2.100"])("accepts %s", (gateway) => {
    expect(network({ "cluster:gateway": gateway })).toMatchObject({
      result: { gateway },
      problems: [],
    });
  });

  it.each(["192.168.2.0", "192.168.2.255", "192.168.3.1", "192.168.1.254"])(
    "refuses %s: a host address of the subnet",
    (gateway) => {
      expect(network({ "cluster:gateway": gateway }).problems).toEqual([
        invalid("cluster:gateway", gateway, "a host address inside 192.168.2.0/24"),
      ]);
    },
  );

  it("defaults to the subnet's first host", () => {
    expect(
      network({
        "cluster:subnet": "10.1.0.0/16",
        ...nodes([{ ...aurora, address: "10.1.0.10" }]),
        "metallb:range": "10.1.1.0-10.1.1.10",
      }),
    ).toMatchObject({
      result: { gateway: "10.1.0.1", loadBalancerIp: "10.1.1.0" },
      problems: [],
    });
  });

  it("is read alone when the subnet is unusable", () => {
    expect(network({ "cluster:subnet": "nonsense", "cluster:gateway": "1.2.3.4" })).toMatchObject({
      result: { gateway: "1.2.3.4" },
    });
    expect(network({ "cluster:subnet": "nonsense" }).result.gateway).toBe("");
  });
});

describe("cluster:nodes", () => {
  it("refuses an empty list and what is not a list", () => {
    const expected =
      "a list of nodes, each {name, address, roles: [control-plane, worker], gpu: true|false}";
    expect(network(nodes([]))).toMatchObject({
      result: { nodes: [] },
      problems: [invalid("cluster:nodes", [], expected)],
    });
    expect(network(nodes({ name: "aurora" })).problems).toEqual([
      invalid("cluster:nodes", { name: "aurora" }, expected),
    ]);
  });

  it("refuses what does not parse, with the reader's message only", () => {
    expect(network({ "cluster:nodes": "[oops" })).toMatchObject({
      result: { nodes: [] },
      problems: [invalid("cluster:nodes", "[oops", "a YAML list or object (JSON with --config)")],
    });
  });

  it.each([null, "aurora", 5, [aurora]])("refuses the entry %j: an object", (entry) => {
    expect(network(nodes([aurora, entry]))).toMatchObject({
      result: { nodes: [expect.objectContaining({ name: "aurora" })] },
      problems: [invalid("cluster:nodes[1]", entry, "an object {name, address, roles, gpu}")],
    });
  });

  it("defaults roles to worker and gpu to false", () => {
    const { result, problems } = network(
      nodes([aurora, { name: "optiplex", address: "192.168.2.231" }]),
    );
    expect(problems).toEqual([]);
    expect(result.nodes[1]).toEqual({
      name: "optiplex",
      address: "192.168.2.231",
      roles: ["worker"],
      gpu: false,
    });
  });

  it("keeps a GPU flag that is true", () => {
    expect(network(nodes([{ ...aurora, gpu: true }, optiplex])).result.nodes[0].gpu).toBe(true);
    expect(network(nodes([{ ...aurora, gpu: false }, optiplex])).result.nodes[0].gpu).toBe(false);
  });

  it.each([
    "a",
    "aurora-1",
    "a.b",
    "node-1.lab",
    "x".repeat(63),
    `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`,
  ])("accepts the name %s", (name) => {
    expect(network(nodes([{ ...aurora, name }, optiplex])).problems).toEqual([]);
  });

  it.each([
    "Aurora",
    "aurora tower",
    "-aurora",
    "aurora-",
    "a..b",
    ".a",
    "a.",
    "a_b",
    "",
    `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`,
    5,
    null,
  ])("refuses the name %j, naming the rule", (name) => {
    expect(network(nodes([{ ...aurora, name }, optiplex])).problems).toEqual([
      invalid(
        "cluster:nodes[0].name",
        name,
        "the node's Kubernetes name, lower case, such as aurora",
      ),
    ]);
  });

  it.each(["192.168.2.2", "192.168.2.254"])("accepts the address %s", (address) => {
    expect(network(nodes([{ ...aurora, address }, optiplex])).problems).toEqual([]);
  });

  it.each([undefined, 5, "192.168.2", "192.168.2.256", "host.lan"])(
    "refuses the address %j: an IPv4 address",
    (address) => {
      expect(network(nodes([{ ...aurora, address }, optiplex])).problems).toEqual([
        invalid("cluster:nodes[0].address", address, "an IPv4 address such as 192.168.2.159"),
      ]);
    },
  );

  it.each(["192.168.2.0", "192.168.2.255", "192.168.3.2", "192.168.2.1"])(
    "refuses the address %s: a host of the subnet, not the gateway",
    (address) => {
      expect(network(nodes([{ ...aurora, address }, optiplex])).problems).toEqual([
        invalid(
          "cluster:nodes[0].address",
          address,
          "a host address inside cluster:subnet 192.168.2.0/24, not the gateway",
        ),
      ]);
    },
  );

  it("takes the gateway's own address when the gateway is elsewhere", () => {
    expect(
      network({
        "cluster:gateway": "192.168.2.254",
        ...nodes([{ ...aurora, address: "192.168.2.1" }, optiplex]),
      }).problems,
    ).toEqual([]);
  });

  it("checks addresses against nothing when the subnet is unusable", () => {
    const found = network({
      "cluster:subnet": "8.8.8.0/24",
      ...nodes([{ ...aurora, address: "10.9.9.9" }, optiplex]),
    }).problems;
    expect(found.filter((p) => p.startsWith("cluster:nodes"))).toEqual([]);
  });

  it.each([[[]], ["worker"], [["master"]], [["worker", "master"]], [[null]]])(
    "refuses the roles %j",
    (roles) => {
      const { result, problems } = network(nodes([aurora, { ...optiplex, roles }]));
      expect(problems).toEqual([
        invalid("cluster:nodes[1].roles", roles, "a non-empty list of control-plane, worker"),
      ]);
      expect(result.nodes[1].roles).toEqual(Array.isArray(roles) ? roles : []);
    },
  );

  it.each([["control-plane"], ["worker", "control-plane"]])("accepts the roles %j", (...roles) => {
    expect(network(nodes([{ ...aurora, roles }, optiplex])).problems).toEqual([]);
  });

  it("takes a GPU flag of null (YAML's empty value) as unset", () => {
    expect(network(nodes([{ ...aurora, gpu: null }, optiplex]))).toMatchObject({
      result: { nodes: [expect.objectContaining({ gpu: false }), expect.anything()] },
      problems: [],
    });
  });

  it.each(["yes", "true", 1])("refuses the GPU flag %j", (gpu) => {
    expect(network(nodes([{ ...aurora, gpu }, optiplex]))).toMatchObject({
      result: { nodes: [expect.objectContaining({ gpu: false }), expect.anything()] },
      problems: [invalid("cluster:nodes[0].gpu", gpu, "true or false")],
    });
  });

  it("refuses a name or an address twice, at the second node", () => {
    expect(
      network(nodes([aurora, optiplex, { ...optiplex, name: "aurora", address: "192.168.2.232" }]))
        .problems,
    ).toEqual([invalid("cluster:nodes[2].name", "aurora", "a name no other node has")]);
    expect(
      network(nodes([aurora, optiplex, { ...optiplex, name: "third", address: "192.168.2.159" }]))
        .problems,
    ).toEqual([
      invalid("cluster:nodes[2].address", "192.168.2.159", "an address no other node has"),
    ]);
  });

  it("wants a control-plane node, unless a refused entry might have been it", () => {
    const workers = [{ ...aurora, roles: ["worker"] }, optiplex];
    expect(network(nodes(workers)).problems).toEqual([
      invalid("cluster:nodes", ["aurora", "optiplex"], "at least one node with role control-plane"),
    ]);
    expect(network(nodes([...workers, "third"])).problems).toEqual([
      invalid("cluster:nodes[2]", "third", "an object {name, address, roles, gpu}"),
    ]);
  });

  it("takes one GPU node, not two", () => {
    expect(network(nodes([{ ...aurora, gpu: true }, optiplex])).problems).toEqual([]);
    expect(
      network(
        nodes([
          { ...aurora, gpu: true },
          { ...optiplex, gpu: true },
        ]),
      ).problems,
    ).toEqual([
      invalid(
        "cluster:nodes",
        ["aurora", "optiplex"],
        "at most one node with gpu: true (NvidiaGpuNode manages one GPU node)",
      ),
    ]);
  });
});

describe("metallb:range", () => {
  it.each([
    "192.168.2.2-192.168.2.100",
    "192.168.2.160-192.168.2.230",
    "192.168.2.232-192.168.2.254",
  ])("accepts %s, clear of the gateway and the nodes", (range) => {
    expect(network({ "metallb:range": range }).problems).toEqual([]);
  });

  it.each(["192.168.2.0-192.168.2.100", "192.168.2.240-192.168.2.255", "192.168.3.1-192.168.3.9"])(
    "refuses %s: host addresses of the subnet",
    (range) => {
      expect(network({ "metallb:range": range }).problems).toEqual([
        invalid("metallb:range", range, "host addresses inside cluster:subnet 192.168.2.0/24"),
      ]);
    },
  );

  it.each([
    ["192.168.2.1-192.168.2.100", "the gateway cluster:gateway (192.168.2.1)"],
    ["192.168.2.159-192.168.2.200", "node aurora (192.168.2.159)"],
    ["192.168.2.100-192.168.2.159", "node aurora (192.168.2.159)"],
    ["192.168.2.231-192.168.2.231", "node optiplex (192.168.2.231)"],
  ])("refuses %s, which holds %s", (range, what) => {
    expect(network({ "metallb:range": range }).problems).toEqual([
      invalid("metallb:range", range, `a range that leaves out ${what}`),
    ]);
  });

  it("names each address it holds", () => {
    expect(network({ "metallb:range": "192.168.2.1-192.168.2.240" }).problems).toEqual(
      [
        "the gateway cluster:gateway (192.168.2.1)",
        "node aurora (192.168.2.159)",
        "node optiplex (192.168.2.231)",
      ].map((what) =>
        invalid("metallb:range", "192.168.2.1-192.168.2.240", `a range that leaves out ${what}`),
      ),
    );
  });

  it.each([
    "192.168.2.220-192.168.2.200",
    "192.168.2.200",
    "a-b",
    "192.168.2.200-192.168.2.220-192.168.2.230",
  ])("refuses %s: start-end", (range) => {
    expect(network({ "metallb:range": range })).toMatchObject({
      result: { poolRange: "", loadBalancerIp: "" },
      problems: [
        invalid(
          "metallb:range",
          range,
          "start-end with start <= end, such as 192.168.2.200-192.168.2.220",
        ),
      ],
    });
  });

  it("is checked against nothing when the subnet is unusable", () => {
    expect(
      network({ "cluster:subnet": "8.8.8.0/24", "metallb:range": "10.0.0.1-10.0.0.5" }).problems,
    ).toEqual([
      invalid(
        "cluster:subnet",
        "8.8.8.0/24",
        "a private (RFC 1918) network such as 192.168.2.0/24",
      ),
    ]);
  });
});

describe("ingress:loadBalancerIp", () => {
  it.each(["192.168.2.200", "192.168.2.210", "192.168.2.220"])("accepts %s, in the pool", (ip) => {
    expect(network({ "ingress:loadBalancerIp": ip })).toMatchObject({
      result: { loadBalancerIp: ip },
      problems: [],
    });
  });

  it.each(["192.168.2.199", "192.168.2.221"])("refuses %s, outside the pool", (ip) => {
    expect(network({ "ingress:loadBalancerIp": ip }).problems).toEqual([
      invalid(
        "ingress:loadBalancerIp",
        ip,
        "an address inside the MetalLB pool metallb:range 192.168.2.200-192.168.2.220",
      ),
    ]);
  });

  it("is read alone without a pool", () => {
    expect(network({ "metallb:range": "bad", "ingress:loadBalancerIp": "10.0.0.1" })).toMatchObject(
      { result: { loadBalancerIp: "10.0.0.1" } },
    );
  });
});

describe("cluster:publicAddress", () => {
  const read = (value?: string) =>
    readAlone(value === undefined ? {} : { "cluster:publicAddress": value }, publicAddressOf);
  const RULE =
    "a public IPv4 address, not private, loopback, link-local, 0.0.0.0/8, 100.64.0.0/10 " +
    "(carrier-grade NAT), multicast or reserved";

  it("is undefined unless set", () => {
    expect(read()).toEqual({ result: undefined, problems: [] });
  });

  // Each side of every range refused below.
  it.each([
    "71.73.220.69",
    "1.0.0.0",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.167.255.255",
    "192.169.0.0",
    "223.255.255.255",
  ])("accepts %s", (address) => {
    expect(read(address)).toEqual({ result: address, problems: [] });
  });

  it.each([
    "0.0.0.0",
    "0.255.255.255",
    "10.0.0.0",
    "10.255.255.255",
    "100.64.0.0",
    "100.127.255.255",
    "127.0.0.1",
    "169.254.0.1",
    "172.16.0.0",
    "172.31.255.255",
    "192.168.2.1",
    "224.0.0.0",
    "239.255.255.255",
    "240.0.0.0",
    "255.255.255.255",
  ])("refuses %s, saying which addresses are not public", (address) => {
    expect(read(address).problems).toEqual([invalid("cluster:publicAddress", address, RULE)]);
  });

  it("refuses what is no address", () => {
    expect(read("71.73.220").problems).toEqual([
      invalid("cluster:publicAddress", "71.73.220", "an IPv4 address such as 192.168.2.200"),
    ]);
  });
});
