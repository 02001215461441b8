import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { loadSector7Config, Sector7Config } from "../../../stacks/sector7/sector7Config";
import { CHART_NAMES } from "../../../components/toolbox/versions/pinnedVersions";
import { invalid, loadAlone } from "../../support/configAlone";
import { unwrap } from "../../support/unwrap";
import { FAKE_PRIVATE_KEY } from "./sector7Fixture";

/**
 * sector7's own keys (cluster:domain, certManager:*, longhorn:*, gpu:*, ssh:*, metallb names,
 * monitoring:*) read by loadSector7Config alone over Pulumi.sector7.yaml, without a synthesis:
 * defaults, boundaries and each refusal's exact text. An override `key=` unsets the key.
 */
function load(
  overrides: string[] = [],
  secrets: Record<string, string> = {},
): { config?: Sector7Config; problems: string[] } {
  return loadAlone("sector7", loadSector7Config, overrides, secrets);
}

const accepted = (overrides: string[] = [], secrets: Record<string, string> = {}) => {
  const { config, problems } = load(overrides, secrets);
  expect(problems).toEqual([]);
  return config!;
};

const KEY = { "ssh:privateKey": FAKE_PRIVATE_KEY };
const LONGHORN_OVER_SSH = ["longhorn:installNodePrerequisites=true", "ssh:user=deploy"];

describe("the stack's file", () => {
  it("gives the documented defaults for what it leaves unset", () => {
    const config = accepted();
    expect(config.cluster).toMatchObject({
      domain: "sector7.helloworlddao.com",
      publicAddress: "71.73.220.69",
      kubeconfig: undefined,
      context: undefined,
    });
    expect(config.ssh).toBeUndefined();
    expect(config.metallb).toEqual({ poolName: "sector7-pool", advertisementName: "sector7-l2" });
    expect(config.certManager).toEqual({
      email: "graydon@helloworlddao.com",
      defaultIssuer: "letsencrypt-prod",
      install: true,
    });
    expect(config.ingress).toEqual({ install: true });
    expect(config.longhorn).toEqual({
      replicaCount: 2,
      reclaimPolicy: "Retain",
      installNodePrerequisites: false,
      demoteLocalPath: true,
    });
    expect(config.gpu).toEqual({
      timeSlicingReplicas: 1,
      installHostPrerequisites: false,
      driverPackage: "",
      containerToolkitVersion: "1.20.0-1",
    });
    expect(config.monitoring).toEqual({
      grafanaHost: "grafana.sector7.helloworlddao.com",
      grafanaAdminUser: "admin",
      prometheusRetention: "15d",
      prometheusStorageSize: "20Gi",
    });
    expect(Object.keys(config.charts).sort()).toEqual([...CHART_NAMES].sort());
    expect(config.services.domain).toBe("sector7.helloworlddao.com");
  });

  it("takes each setting the other way", async () => {
    const config = accepted([
      "certManager:defaultIssuer=letsencrypt-staging",
      "certManager:install=false",
      "ingress:install=false",
      "longhorn:reclaimPolicy=Delete",
      "longhorn:demoteLocalPath=false",
      "longhorn:replicaCount=1",
      "gpu:timeSlicingReplicas=48",
      "cluster:context=sector7-admin",
      "cluster:kubeconfig=apiVersion: v1",
      "metallb:poolName=pool-a",
      "metallb:advertisementName=l2-a",
      "monitoring:grafanaHost=g.example.com",
    ]);
    expect(config.certManager).toMatchObject({
      defaultIssuer: "letsencrypt-staging",
      install: false,
    });
    expect(config.ingress.install).toBe(false);
    expect(config.longhorn).toMatchObject({
      reclaimPolicy: "Delete",
      demoteLocalPath: false,
      replicaCount: 1,
    });
    expect(config.gpu.timeSlicingReplicas).toBe(48);
    expect(config.cluster.context).toBe("sector7-admin");
    expect(await pulumi.isSecret(config.cluster.kubeconfig!)).toBe(true);
    expect(await unwrap(config.cluster.kubeconfig!)).toBe("apiVersion: v1");
    expect(config.metallb).toEqual({ poolName: "pool-a", advertisementName: "l2-a" });
    expect(config.monitoring.grafanaHost).toBe("g.example.com");
  });
});

describe("cluster:domain and certManager:email", () => {
  it("are required", () => {
    const { problems } = load(["cluster:domain=", "certManager:email="]);
    expect(problems).toContain(
      "cluster:domain is required: the DNS domain, e.g. sector7.helloworlddao.com",
    );
    expect(problems).toContain("certManager:email is required: the Let's Encrypt account e-mail");
    // Grafana's host then names no domain.
    expect(problems).not.toContain(expect.stringMatching(/^monitoring:grafanaHost/));
  });

  it("refuse a domain that is no DNS name, and an e-mail that is no address", () => {
    const { problems } = load(["cluster:domain=Sector7.example.com"]);
    expect(problems).toContain(
      invalid(
        "cluster:domain",
        "Sector7.example.com",
        "a DNS name such as sector7.helloworlddao.com",
      ),
    );
    for (const email of ["graydon", "a@b", "a@b.c", "a b@example.com"]) {
      // appflowy:adminEmail, unset in the file, then has no address to fall back to.
      expect(load([`certManager:email=${email}`]).problems).toEqual([
        invalid("certManager:email", email, "an e-mail address such as ops@example.com"),
        "appflowy:adminEmail is required: the AppFlowy admin's e-mail",
      ]);
    }
  });

  it("accept an address with a two-letter top-level domain", () => {
    expect(accepted(["certManager:email=ops@example.de"]).certManager.email).toBe("ops@example.de");
  });
});

describe("longhorn:replicaCount", () => {
  const three = `cluster:nodes=${JSON.stringify([
    { name: "a", address: "192.168.2.10", roles: ["control-plane"] },
    { name: "b", address: "192.168.2.11" },
    { name: "c", address: "192.168.2.12" },
  ])}`;

  it("takes 1 to 3, at most one per node", () => {
    expect(accepted([three, "longhorn:replicaCount=3"]).longhorn.replicaCount).toBe(3);
    expect(load(["longhorn:replicaCount=3"]).problems).toEqual([
      invalid(
        "longhorn:replicaCount",
        3,
        "at most the number of nodes in cluster:nodes (2): Longhorn keeps each replica on its own node",
      ),
    ]);
    expect(load([three, "longhorn:replicaCount=4"]).problems).toEqual([
      invalid("longhorn:replicaCount", "4", "a whole number from 1 to 3"),
    ]);
  });

  it("defaults to 2", () => {
    expect(accepted(["longhorn:replicaCount="]).longhorn.replicaCount).toBe(2);
  });

  it("is not compared with nodes that are missing", () => {
    const { problems } = load(["cluster:nodes=", "longhorn:replicaCount=3"]);
    expect(problems.filter((p) => p.startsWith("longhorn:replicaCount"))).toEqual([]);
  });
});

describe("gpu:*", () => {
  it("refuses installing a GPU host's prerequisites without a GPU node, unless nodes are missing", () => {
    const noGpu = `cluster:nodes=${JSON.stringify([
      { name: "aurora", address: "192.168.2.159", roles: ["control-plane"] },
    ])}`;
    const over = [
      "gpu:installHostPrerequisites=true",
      "ssh:user=deploy",
      "gpu:driverPackage=nvidia-driver-570",
    ];
    expect(load([...over, noGpu, "longhorn:replicaCount=1"], KEY).problems).toEqual([
      invalid(
        "gpu:installHostPrerequisites",
        true,
        "false unless a node in cluster:nodes has gpu: true",
      ),
    ]);
    const missing = load([...over, "cluster:nodes="], KEY).problems;
    expect(missing.filter((p) => p.startsWith("gpu:"))).toEqual([]);
  });

  it("needs a driver package when installing, an apt name", () => {
    const over = ["gpu:installHostPrerequisites=true", "ssh:user=deploy"];
    expect(load(over, KEY).problems).toEqual([
      "gpu:driverPackage is required: the NVIDIA driver package to install " +
        "(gpu:installHostPrerequisites is true)",
    ]);
    for (const name of ["Nvidia-driver", "n", "-nvidia", "nvidia driver"]) {
      expect(load([...over, `gpu:driverPackage=${name}`], KEY).problems).toEqual([
        invalid("gpu:driverPackage", name, "an apt package name such as nvidia-driver-570-server"),
      ]);
    }
    for (const name of ["nv", "nvidia-driver-570-server", "libnvidia+x.1"]) {
      expect(accepted([...over, `gpu:driverPackage=${name}`], KEY).gpu).toMatchObject({
        installHostPrerequisites: true,
        driverPackage: name,
      });
    }
  });

  it("does not read the driver package unless installing", () => {
    expect(accepted(["gpu:driverPackage=Not A Package"]).gpu.driverPackage).toBe("");
  });

  it("takes 1 to 48 time-slicing replicas", () => {
    expect(accepted(["gpu:timeSlicingReplicas=1"]).gpu.timeSlicingReplicas).toBe(1);
    expect(load(["gpu:timeSlicingReplicas=49"]).problems).toEqual([
      invalid("gpu:timeSlicingReplicas", "49", "a whole number from 1 to 48"),
    ]);
  });

  it.each(["1.17.8-1", "1.20.0-1ubuntu1", "1.0~rc1-0+b1"])(
    "accepts the container toolkit version %s",
    (version) => {
      expect(accepted([`gpu:containerToolkitVersion=${version}`]).gpu.containerToolkitVersion).toBe(
        version,
      );
    },
  );

  it.each(["latest", "1.20.0", "v1.20.0-1", "1.20.0-", "1.20.0-1 "])(
    "refuses the container toolkit version %j",
    (version) => {
      expect(load([`gpu:containerToolkitVersion=${version}`]).problems).toEqual([
        invalid("gpu:containerToolkitVersion", version, "an exact apt version such as 1.20.0-1"),
      ]);
    },
  );
});

describe("ssh:*", () => {
  it("is needed only to prepare nodes, saying for what", () => {
    expect(load(["longhorn:installNodePrerequisites=true"]).problems).toEqual([
      "ssh:user is required: the login on the nodes (longhorn:installNodePrerequisites)",
      "ssh:privateKey is required: the SSH private key for longhorn:installNodePrerequisites, " +
        "as a secret: pulumi config set --secret ssh:privateKey < ~/.ssh/id_ed25519",
    ]);
    expect(
      load(["gpu:installHostPrerequisites=true", "gpu:driverPackage=nvidia-driver-570"]).problems,
    ).toEqual([
      "ssh:user is required: the login on the nodes (gpu:installHostPrerequisites)",
      "ssh:privateKey is required: the SSH private key for gpu:installHostPrerequisites, " +
        "as a secret: pulumi config set --secret ssh:privateKey < ~/.ssh/id_ed25519",
    ]);
    expect(
      load([
        "longhorn:installNodePrerequisites=true",
        "gpu:installHostPrerequisites=true",
        "gpu:driverPackage=nvidia-driver-570",
      ]).problems[0],
    ).toBe(
      "ssh:user is required: the login on the nodes (longhorn:installNodePrerequisites and " +
        "gpu:installHostPrerequisites)",
    );
  });

  it("defaults to preparing the nodes", () => {
    expect(load(["longhorn:installNodePrerequisites="]).problems[0]).toMatch(
      /^ssh:user is required/,
    );
  });

  it("gives the login, the key as a secret and port 22", async () => {
    const { ssh } = accepted(LONGHORN_OVER_SSH, KEY);
    expect({ user: ssh!.user, port: ssh!.port }).toEqual({ user: "deploy", port: 22 });
    expect(await pulumi.isSecret(ssh!.privateKey)).toBe(true);
    expect(await unwrap(ssh!.privateKey)).toBe(FAKE_PRIVATE_KEY);
    expect(accepted([...LONGHORN_OVER_SSH, "ssh:port=2222"], KEY).ssh!.port).toBe(2222);
  });

  it.each(["_deploy", "d", "deploy-1_x", "a".repeat(32)])("accepts the user %s", (user) => {
    expect(
      accepted(["longhorn:installNodePrerequisites=true", `ssh:user=${user}`], KEY).ssh!.user,
    ).toBe(user);
  });

  it.each(["Deploy", "1deploy", "-deploy", "a".repeat(33), "deploy user", "de.ploy"])(
    "refuses the user %j",
    (user) => {
      expect(
        load(["longhorn:installNodePrerequisites=true", `ssh:user=${user}`], KEY).problems,
      ).toEqual([invalid("ssh:user", user, "a Unix user name such as deploy")]);
    },
  );

  it.each([
    "ssh-ed25519 AAAAC3Nza me@host",
    "ssh-rsa AAAAB3Nza",
    "ecdsa-sha2-nistp256 AAAAE2V",
    "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
    "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----",
  ])("refuses the public key %j, never echoing it", (key) => {
    expect(load(LONGHORN_OVER_SSH, { "ssh:privateKey": key }).problems).toEqual([
      invalid(
        "ssh:privateKey",
        "<a public key>",
        "the private key's contents: pulumi config set --secret ssh:privateKey < ~/.ssh/id_ed25519",
      ),
    ]);
  });

  it.each(["~/.ssh/id_ed25519", "/home/deploy/.ssh/id_ed25519"])(
    "refuses the path %s, never echoing it",
    (path) => {
      expect(load(LONGHORN_OVER_SSH, { "ssh:privateKey": path }).problems).toEqual([
        invalid(
          "ssh:privateKey",
          "<a file path>",
          "the key's contents, not its path: pulumi config set --secret ssh:privateKey < " +
            "~/.ssh/id_ed25519",
        ),
      ]);
    },
  );

  it("takes a key whose first line starts with a slash if it has more lines", () => {
    expect(accepted(LONGHORN_OVER_SSH, { "ssh:privateKey": "/x\nmore" }).ssh).toBeDefined();
  });
});

describe("metallb:poolName and metallb:advertisementName", () => {
  it.each(["metallb:poolName", "metallb:advertisementName"])("%s is a DNS label", (key) => {
    for (const name of ["a", "a-1", "a".repeat(63)]) {
      expect(load([`${key}=${name}`]).problems).toEqual([]);
    }
    for (const name of ["a".repeat(64), "Pool", "-a", "a-", "a.b", "a_b"]) {
      expect(load([`${key}=${name}`]).problems).toEqual([
        invalid(key, name, "a lower-case DNS label such as sector7-pool"),
      ]);
    }
  });
});

describe("monitoring:*", () => {
  it("puts Grafana at grafana.<cluster:domain>", () => {
    expect(accepted(["cluster:domain=k3s.example.org"]).monitoring.grafanaHost).toBe(
      "grafana.k3s.example.org",
    );
  });

  it.each(["a", "Grafana.Admin_1-x", "a".repeat(64)])("accepts the Grafana admin %s", (user) => {
    expect(accepted([`monitoring:grafanaAdminUser=${user}`]).monitoring.grafanaAdminUser).toBe(
      user,
    );
  });

  it.each(["a".repeat(65), "admin user", "admin@x", "admin:1"])(
    "refuses the Grafana admin %j",
    (user) => {
      expect(load([`monitoring:grafanaAdminUser=${user}`]).problems).toEqual([
        invalid(
          "monitoring:grafanaAdminUser",
          user,
          "a user name of letters, digits, dot, dash or underscore",
        ),
      ]);
    },
  );

  it.each(["500ms", "30s", "90m", "12h", "15d", "2w", "1y"])("accepts the retention %s", (d) => {
    expect(accepted([`monitoring:prometheusRetention=${d}`]).monitoring.prometheusRetention).toBe(
      d,
    );
  });

  it.each(["15", "d", "15D", "15days", "1.5d", " 15d", "15d "])("refuses the retention %j", (d) => {
    expect(load([`monitoring:prometheusRetention=${d}`]).problems).toEqual([
      invalid("monitoring:prometheusRetention", d, "a Prometheus duration such as 15d"),
    ]);
  });

  it.each(["1Mi", "10Gi", "2Ti"])("accepts the Prometheus size %s", (size) => {
    expect(
      accepted([`monitoring:prometheusStorageSize=${size}`]).monitoring.prometheusStorageSize,
    ).toBe(size);
  });

  it.each(["0Gi", "01Gi", "20", "20GB", "20Gi ", "x20Gi", "1.5Gi"])(
    "refuses the Prometheus size %j",
    (size) => {
      expect(load([`monitoring:prometheusStorageSize=${size}`]).problems).toEqual([
        invalid("monitoring:prometheusStorageSize", size, "a size such as 20Gi"),
      ]);
    },
  );
});
