import { createHmac } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { policies } from "../../policy/allPolicies";
import { signedWithSecret } from "../../policy/lib/demoSecrets";
import { resolveHostPath, sensitiveHit } from "../../policy/lib/hostPaths";
import { imagePinProblem } from "../../policy/lib/imagePinning";
import { imageRepository } from "../../policy/lib/imageName";
import { looksLikeSecretName, urlPasswords } from "../../policy/lib/secretNames";
import { commandsReviewed } from "../../policy/policies/commandsReviewed";
import { databaseMountsProtected } from "../../policy/policies/databaseMountsProtected";
import { dockerEnvCredentials } from "../../policy/policies/dockerEnvCredentials";
import { dockerLoopbackPorts } from "../../policy/policies/dockerLoopbackPorts";
import { dockerNoHostPrivileges } from "../../policy/policies/dockerNoHostPrivileges";
import { dockerNoSensitiveHostPaths } from "../../policy/policies/dockerNoSensitiveHostPaths";
import { dockerVolumesFrom } from "../../policy/policies/dockerVolumesFrom";
import { kubernetesEdgeRoutes } from "../../policy/policies/kubernetesEdgeRoutes";
import { kubernetesExposedServices } from "../../policy/policies/kubernetesExposedServices";
import { kubernetesNoHostAccess } from "../../policy/policies/kubernetesNoHostAccess";
import { kubernetesSecretEnv } from "../../policy/policies/kubernetesSecretEnv";
import { noSupabaseDemoSecrets } from "../../policy/policies/noSupabaseDemoSecrets";
import { blindSpots, plainCredentialOutputs } from "../../scripts/lib/blindSpots";
import { RecordedResource } from "../../scripts/lib/synthesize";
import { CONTAINER, runPack, runStackPolicy, urnOf, violations } from "./policyArgs";

const DEMO_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const container = (props: Record<string, unknown>, name = "app") => ({
  type: CONTAINER,
  name,
  props: { name, image: "nginx:1.27.3", ...props },
});
const bind = (hostPath: unknown, readOnly = false) =>
  container({ volumes: [{ hostPath, containerPath: "/x", readOnly }] });

describe("host paths as Docker resolves them", () => {
  it.each([
    ["/etc/letsencrypt/../..", "/"],
    ["/opt/../var/run/docker.sock", "/var/run/docker.sock"],
    ["//etc/./cron.d/", "/etc/cron.d"],
    ["/../../etc", "/etc"],
    ["etc/../../root", "/root"],
  ])("resolves %s to %s", (given, resolved) => {
    expect(resolveHostPath(given)).toBe(resolved);
  });

  it.each([
    ["/etc/letsencrypt/../..", "/"],
    ["/etc/letsencrypt/../shadow", "/etc"],
    ["/var/lib", "/var/lib/docker"],
    ["/var", "holds"],
    ["/var/run/../run/containerd", "/run"],
    ["/var/spool/cron/crontabs", "/var/spool/cron"],
    ["/home/admin/.ssh", "/home"],
    ["/var/lib/rancher/k3s", "/var/lib/rancher"],
  ])("fails a bind of %s (%s)", async (hostPath, root) => {
    const found = await violations(dockerNoSensitiveHostPaths, bind(hostPath, true));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(root);
  });

  it("keeps the read-only allowance to what lies below the allowed path, resolved", async () => {
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt/live/.", true)),
    ).toEqual([]);
    expect(
      await violations(dockerNoSensitiveHostPaths, bind("/etc/letsencrypt/../passwd", true)),
    ).toHaveLength(1);
  });

  it("passes application directories however spelled", async () => {
    for (const path of ["/srv/app/./data", "/opt//archon", "/var/backups/archon/"]) {
      expect(await violations(dockerNoSensitiveHostPaths, bind(path)), path).toEqual([]);
    }
    expect(sensitiveHit("/var/lib/archon", ["/var/lib/docker"])).toBeUndefined();
  });

  it("finds host paths in bind mounts, local-driver volume mounts and docker.Volume", async () => {
    const mounts = container({
      mounts: [
        { type: "bind", source: "/proc/../sys", target: "/a" },
        {
          type: "volume",
          target: "/b",
          volumeOptions: { driverOptions: { type: "none", o: "rbind,ro", device: "/boot" } },
        },
        { type: "volume", source: "named", target: "/c" },
      ],
    });
    expect(await violations(dockerNoSensitiveHostPaths, mounts)).toHaveLength(2);
    const volume = (driverOpts: Record<string, string>, driver = "local") => ({
      type: "docker:index/volume:Volume",
      props: { name: "v", driver, driverOpts },
    });
    expect(
      await violations(dockerNoSensitiveHostPaths, volume({ o: "bind", device: "/srv/../lib" })),
    ).toEqual(["volume v binds host path /srv/../lib (under /lib)"]);
    expect(
      await violations(dockerNoSensitiveHostPaths, volume({ o: "bind", device: "/srv/v" })),
    ).toEqual([]);
    expect(
      await violations(dockerNoSensitiveHostPaths, volume({ type: "tmpfs", o: "size=1m" })),
    ).toEqual([]);
  });

  it("reports a malformed host path instead of crashing, and still checks the rest", async () => {
    const props = {
      volumes: [
        { hostPath: 42, containerPath: "/x" },
        { hostPath: null, containerPath: "/y" },
        { hostPath: "/etc", containerPath: "/z" },
      ],
    };
    const found = await violations(dockerNoSensitiveHostPaths, container(props));
    expect(found).toEqual([
      "container app: volumes[0].hostPath 42 is not a path (a number)",
      "container app: volumes[1].hostPath null is not a path (a null)",
      "container app binds host path /etc (under /etc)",
    ]);
  });

  it("refuses volumes taken from a container that binds host paths, or one outside the program", async () => {
    const source = {
      ...bind("/var/lib"),
      name: "source",
      props: { name: "source", volumes: [{ hostPath: "/var/lib", containerPath: "/x" }] },
    };
    const clean = container({ volumes: [{ volumeName: "data", containerPath: "/data" }] }, "clean");
    const taker = (from: string) => container({ volumes: [{ fromContainer: from }] }, "taker");
    expect(await runStackPolicy(dockerVolumesFrom, [source, taker("source")])).toHaveLength(1);
    expect(await runStackPolicy(dockerVolumesFrom, [clean, taker("clean")])).toEqual([]);
    expect((await runStackPolicy(dockerVolumesFrom, [taker("elsewhere")]))[0].message).toContain(
      "not a container of this program",
    );
  });
});

describe("privilege in every shape", () => {
  it.each([
    [{ privileged: true }, "runs privileged"],
    [{ privileged: "true" }, "not a boolean"],
    [{ privileged: 1 }, "not a boolean"],
    [{ capabilities: { adds: ["ALL"] } }, "adds capability ALL"],
    [{ capabilities: { adds: ["CAP_SYS_ADMIN"] } }, "adds capability CAP_SYS_ADMIN"],
    [{ capabilities: { adds: ["net_admin"] } }, "adds capability net_admin"],
    [{ securityOpts: ["apparmor=unconfined"] }, "apparmor=unconfined"],
    [{ securityOpts: ["seccomp:unconfined"] }, "seccomp:unconfined"],
    [{ securityOpts: ["label=disable"] }, "label=disable"],
    [{ securityOpts: ["systempaths=unconfined"] }, "systempaths=unconfined"],
    [{ devices: [{ hostPath: "/dev/sda" }] }, "host devices /dev/sda"],
    [{ cgroupnsMode: "host" }, 'cgroupnsMode "host"'],
    [{ pidMode: " HOST " }, 'pidMode "host"'],
  ])("fails %j", async (props, message) => {
    const found = await violations(dockerNoHostPrivileges, container(props));
    expect(found.join("\n")).toContain(message);
  });

  it("passes dropped capabilities, NET_BIND_SERVICE and no-new-privileges", async () => {
    const props = {
      privileged: false,
      capabilities: { drops: ["ALL"], adds: ["NET_BIND_SERVICE"] },
      securityOpts: ["no-new-privileges:true"],
    };
    expect(await violations(dockerNoHostPrivileges, container(props))).toEqual([]);
  });

  it("checks swarm services' added capabilities and plugins' permissions", async () => {
    const service = {
      type: "docker:index/service:Service",
      props: {
        name: "s",
        taskSpec: { containerSpec: { image: "nginx:1.27.3", capAdds: ["SYS_PTRACE"] } },
      },
    };
    expect(await violations(dockerNoHostPrivileges, service)).toEqual([
      "service s adds capability SYS_PTRACE",
    ]);
    const plugin = (props: Record<string, unknown>) => ({
      type: "docker:index/plugin:Plugin",
      props: { name: "p", ...props },
    });
    expect(
      await violations(dockerNoHostPrivileges, plugin({ grantAllPermissions: true })),
    ).toHaveLength(1);
    expect(
      await violations(
        dockerNoHostPrivileges,
        plugin({ grantPermissions: [{ name: "network", values: ["host"] }] }),
      ),
    ).toHaveLength(1);
    expect(await violations(dockerNoHostPrivileges, plugin({}))).toEqual([]);
  });

  const pod = (spec: Record<string, unknown>, containerProps: Record<string, unknown> = {}) => ({
    type: "kubernetes:core/v1:Pod",
    props: {
      metadata: { name: "p", namespace: "apps" },
      spec: { ...spec, containers: [{ name: "c", image: "nginx:1.27.3", ...containerProps }] },
    },
  });

  it.each([
    [{}, { securityContext: { allowPrivilegeEscalation: true } }, "allows privilege escalation"],
    [
      {},
      { securityContext: { capabilities: { add: ["SYS_ADMIN"] } } },
      "adds capability SYS_ADMIN",
    ],
    [{}, { securityContext: { runAsUser: 0 } }, "runAsUser: 0"],
    [{ securityContext: { runAsUser: 0 } }, {}, "the pod runs as root"],
    [{}, { securityContext: { runAsUser: "0" } }, "not a number"],
    [{}, { securityContext: { privileged: "true" } }, "not a boolean"],
    [
      {},
      { securityContext: { seccompProfile: { type: "Unconfined" } } },
      "seccompProfile Unconfined",
    ],
    [{}, { securityContext: { procMount: "Unmasked" } }, "procMount"],
    [{}, { ports: [{ containerPort: 80, hostPort: 80 }] }, "hostPort 80"],
    [{ hostNetwork: "true" }, {}, "hostNetwork"],
  ])("fails a pod with %j / container %j", async (spec, containerProps, message) => {
    const found = await violations(kubernetesNoHostAccess, pod(spec, containerProps));
    expect(found.join("\n")).toContain(message);
  });

  it("checks patches of workloads and hostPath or local PersistentVolumes", async () => {
    const patch = {
      type: "kubernetes:apps/v1:DaemonSetPatch",
      props: {
        metadata: { name: "d", namespace: "apps" },
        spec: { template: { spec: { hostPID: true } } },
      },
    };
    expect(await violations(kubernetesNoHostAccess, patch)).toEqual([
      "hostPID is set in namespace apps",
    ]);
    for (const source of [{ hostPath: { path: "/" } }, { local: { path: "/mnt/disk" } }]) {
      const pv = {
        type: "kubernetes:core/v1:PersistentVolume",
        props: { metadata: { name: "pv" }, spec: source },
      };
      expect(await violations(kubernetesNoHostAccess, pv)).toHaveLength(1);
    }
  });
});

describe("exposure and exemptions", () => {
  const edge = (props: Record<string, unknown>) =>
    container(
      {
        name: "archon-nginx",
        image: "nginx:1.27.3-alpine",
        ports: [{ internal: 443, external: 443, ip: "0.0.0.0" }],
        ...props,
      },
      "edge",
    );

  it("grants the edge exemption only to the named container running an edge image on the same ports", async () => {
    expect(await violations(dockerLoopbackPorts, edge({}))).toEqual([]);
    expect(
      await violations(
        dockerLoopbackPorts,
        edge({ image: "docker.io/library/nginx@sha256:" + "a".repeat(64) }),
      ),
    ).toEqual([]);
    expect(await violations(dockerLoopbackPorts, edge({ image: "postgres:17.6" }))).toHaveLength(1);
    expect(
      await violations(dockerLoopbackPorts, edge({ image: "evil/nginx:1.27.3" })),
    ).toHaveLength(1);
    expect(
      await violations(
        dockerLoopbackPorts,
        edge({ ports: [{ internal: 5432, external: 443, ip: "0.0.0.0" }] }),
      ),
    ).toHaveLength(1);
    expect(imageRepository("index.docker.io/library/nginx:1.27")).toBe("nginx");
    expect(imageRepository("ghcr.io/org/nginx:1")).toBe("ghcr.io/org/nginx");
  });

  it("refuses macvlan and ipvlan networks and ports published by swarm services", async () => {
    for (const driver of ["macvlan", "IPVLAN"]) {
      const network = { type: "docker:index/network:Network", props: { name: "n", driver } };
      expect(await violations(dockerLoopbackPorts, network)).toHaveLength(1);
    }
    const bridge = { type: "docker:index/network:Network", props: { name: "n", driver: "bridge" } };
    expect(await violations(dockerLoopbackPorts, bridge)).toEqual([]);
    const service = (ports: unknown[]) => ({
      type: "docker:index/service:Service",
      props: { name: "s", endpointSpec: { ports } },
    });
    expect(
      await violations(dockerLoopbackPorts, service([{ targetPort: 80, publishedPort: 8080 }])),
    ).toHaveLength(1);
    expect(await violations(dockerLoopbackPorts, service([{ targetPort: 80 }]))).toEqual([]);
  });

  it("refuses externalIPs, patched exposure and an allowlisted name selecting other pods", async () => {
    const service = (
      type: string,
      spec: Record<string, unknown>,
      name = "web",
      namespace = "apps",
    ) => ({
      type,
      props: { metadata: { name, namespace }, spec },
    });
    expect(
      await violations(
        kubernetesExposedServices,
        service("kubernetes:core/v1:Service", { externalIPs: ["10.0.0.5"] }),
      ),
    ).toHaveLength(1);
    expect(
      await violations(
        kubernetesExposedServices,
        service("kubernetes:core/v1:ServicePatch", { type: "NodePort" }),
      ),
    ).toEqual(["Service apps/web is of type NodePort"]);
    const impostor = service(
      "kubernetes:core/v1:Service",
      { type: "LoadBalancer", selector: { app: "postgres" }, ports: [{ port: 443 }] },
      "ingress-nginx-controller",
      "ingress-nginx",
    );
    expect((await violations(kubernetesExposedServices, impostor))[0]).toContain(
      "does not select the ingress controller",
    );
  });

  it.each([
    ["traefik.io/v1alpha1", "IngressRoute"],
    ["traefik.containo.us/v1alpha1", "IngressRouteTCP"],
    ["gateway.networking.k8s.io/v1", "HTTPRoute"],
    ["gateway.networking.k8s.io/v1alpha2", "TCPRoute"],
    ["gateway.networking.k8s.io/v1", "Gateway"],
  ])("refuses %s %s unless allowlisted", async (apiVersion, kind) => {
    const route = {
      type: `kubernetes:${apiVersion}:${kind}`,
      props: { metadata: { name: "r", namespace: "apps" } },
    };
    expect(await violations(kubernetesEdgeRoutes, route)).toHaveLength(1);
    expect(await violations(kubernetesEdgeRoutes, route, { allowedRoutes: ["apps/r"] })).toEqual(
      [],
    );
  });
});

describe("credentials the scanners recognise", () => {
  it.each(["DB_PASS", "MYSQL_PWD", "ADMIN_PW", "smtpPassphrase", "AWS_CREDENTIALS", "dbPassword"])(
    "takes %s for a credential",
    (name) => expect(looksLikeSecretName(name)).toBe(true),
  );
  it.each(["BYPASS", "COMPASS_URL", "PASSWORD_FILE", "KEYCLOAK_URL", "PWD_DIR"])(
    "does not take %s for one",
    (name) => expect(looksLikeSecretName(name)).toBe(false),
  );

  it("finds literal passwords in URLs, not placeholders", () => {
    expect(urlPasswords("postgres://app:hunter%32@db/app")).toEqual(["hunter2"]);
    expect(urlPasswords("redis://:s3cret@cache:6379")).toEqual(["s3cret"]);
    expect(urlPasswords("postgres://app:$(DB_PASSWORD)@db/app")).toEqual([]);
    expect(urlPasswords("postgres://app@db/app")).toEqual([]);
  });

  it("refuses short and well-known credentials in Docker env, not generated ones", async () => {
    const env = (...envs: unknown[]) => container({ envs });
    expect(await violations(dockerEnvCredentials, env("DB_PASS=hunter2"))).toHaveLength(1);
    expect(await violations(dockerEnvCredentials, env("POSTGRES_PASSWORD=postgres"))).toHaveLength(
      1,
    );
    expect(
      await violations(dockerEnvCredentials, env("URL=postgres://a:changeme@db/a")),
    ).toHaveLength(1);
    expect(await violations(dockerEnvCredentials, env(`DB_PASS=${"x7Qp".repeat(8)}`))).toEqual([]);
    expect(await violations(dockerEnvCredentials, env("DB_PASSWORD_FILE=/run/secrets/db"))).toEqual(
      [],
    );
    expect(await violations(dockerEnvCredentials, env(null))).toEqual([
      "container app envs[0] is null, not NAME=value",
    ]);
  });

  it("refuses ConfigMaps that hold credentials, and URL passwords in literal env", async () => {
    const configMap = (data: Record<string, string>) => ({
      type: "kubernetes:core/v1:ConfigMap",
      props: { metadata: { name: "cm" }, data },
    });
    expect(await violations(kubernetesSecretEnv, configMap({ DB_PASS: "x" }))).toHaveLength(1);
    expect(
      await violations(kubernetesSecretEnv, configMap({ url: "mysql://u:p4ss@db/x" })),
    ).toHaveLength(1);
    expect(
      await violations(kubernetesSecretEnv, configMap({ "provision.sql": "select 1;" })),
    ).toEqual([]);
  });

  const jwt = (header: string, hash: "sha256" | "sha384" | "sha512", secret = DEMO_SECRET) => {
    const h = Buffer.from(header).toString("base64url");
    const p = Buffer.from('{"role":"anon"}').toString("base64url");
    return `${h}.${p}.${createHmac(hash, secret).update(`${h}.${p}`).digest("base64url")}`;
  };

  it("verifies demo-signed keys under HS256, HS384 and HS512 whatever the header's spelling", () => {
    expect(signedWithSecret(jwt('{"alg":"HS256","typ":"JWT"}', "sha256"), DEMO_SECRET)).toBe(true);
    expect(signedWithSecret(jwt('{ "alg": "HS384" }', "sha384"), DEMO_SECRET)).toBe(true);
    expect(signedWithSecret(jwt('{"typ":"JWT","alg":"HS512"}', "sha512"), DEMO_SECRET)).toBe(true);
    expect(signedWithSecret(jwt('{"alg":"HS256"}', "sha256", "another-secret"), DEMO_SECRET)).toBe(
      false,
    );
  });

  it("finds the demo secret base64-wrapped, in a manifest and in a HS384 key", async () => {
    const wrapped = (
      Buffer.from(DEMO_SECRET)
        .toString("base64")
        .match(/.{1,20}/g) ?? []
    ).join("\n");
    const resources = [
      { type: "kubernetes:core/v1:Secret", name: "wrapped", props: { data: { jwt: wrapped } } },
      {
        type: "kubernetes:core/v1:ConfigMap",
        name: "manifest",
        props: {
          data: {
            "values.yaml": `auth:\n  jwtSecret: ${Buffer.from(DEMO_SECRET).toString("base64")}\n`,
          },
        },
      },
      {
        type: CONTAINER,
        name: "hs384",
        props: { envs: [`ANON_KEY=${jwt('{"alg":"HS384"}', "sha384")}`] },
      },
      {
        type: CONTAINER,
        name: "clean",
        props: { envs: [`ANON_KEY=${jwt('{"alg":"HS384"}', "sha384", "x".repeat(40))}`] },
      },
    ];
    const found = await runStackPolicy(noSupabaseDemoSecrets, resources);
    expect(found.map((v) => v.urn)).toEqual([
      urnOf("kubernetes:core/v1:Secret", "wrapped"),
      urnOf("kubernetes:core/v1:ConfigMap", "manifest"),
      urnOf(CONTAINER, "hs384"),
    ]);
  });

  it("reads file assets (Helm valueYamlFiles) and reports one it cannot read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-assets-"));
    fs.writeFileSync(path.join(dir, "values.yaml"), `auth:\n  jwtSecret: ${DEMO_SECRET}\n`);
    fs.writeFileSync(path.join(dir, "clean.yaml"), "replicaCount: 1\n");
    const release = (files: unknown[]) => ({
      type: "kubernetes:helm.sh/v3:Release",
      name: "release",
      props: { chart: "nginx", valueYamlFiles: files },
    });
    const previous = process.env.POLICY_PROGRAM_DIR;
    process.env.POLICY_PROGRAM_DIR = dir;
    try {
      const found = async (files: unknown[]) =>
        (await runStackPolicy(noSupabaseDemoSecrets, [release(files)])).map((v) => v.message);
      expect(await found([new pulumi.asset.FileAsset("values.yaml")])).toEqual([
        "release carries the Supabase demo JWT secret in the file of valueYamlFiles[0]",
      ]);
      expect(await found([new pulumi.asset.StringAsset(`jwt: ${DEMO_SECRET}`)])).toHaveLength(1);
      expect(await found([new pulumi.asset.FileAsset("clean.yaml")])).toEqual([]);
      expect((await found([new pulumi.asset.FileAsset("missing.yaml")]))[0]).toContain(
        "which the pack cannot read",
      );
    } finally {
      process.env.POLICY_PROGRAM_DIR = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names plain-text credential outputs, not secret ones", () => {
    const secret = (value: unknown) => ({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value,
    });
    expect(
      plainCredentialOutputs({
        adminPassword: "hunter2",
        dbUrl: "postgres://a:b1234@db/a",
        nested: { apiToken: "t" },
        safePassword: secret("x"),
        publicUrl: "https://example.com",
      }),
    ).toEqual(["adminPassword", "dbUrl", "nested.apiToken"]);
  });
});

describe("floating tags", () => {
  it.each([
    "nginx:stable",
    "postgres:alpine",
    "node:lts",
    "nginx:mainline",
    "redis:latest-alpine",
    "nginx",
  ])("refuses %s", (image) => expect(imagePinProblem(image)).toBeDefined());
  it.each([
    "nginx:1.27.3-alpine",
    "postgres:17",
    "ghcr.io/o/a:v2.1.0",
    `nginx@sha256:${"a".repeat(64)}`,
  ])("accepts %s", (image) => expect(imagePinProblem(image)).toBeUndefined());
  it("reports a non-string image as malformed", () => {
    expect(imagePinProblem(42)).toContain("not an image reference");
  });
});

describe("database storage recognised by its mount", () => {
  const volume = (name: string, protect: boolean) => ({
    type: "docker:index/volume:Volume",
    name,
    props: { name },
    protect,
  });
  const pg = (props: Record<string, unknown>) =>
    container({ image: "postgres:17.6-alpine", ...props }, "db");

  it("requires the volume at a data directory to be declared and protected", async () => {
    const at = (volumeName: string, containerPath = "/var/lib/postgresql/data") =>
      pg({ volumes: [{ volumeName, containerPath }] });
    expect(
      await runStackPolicy(databaseMountsProtected, [volume("store", true), at("store")]),
    ).toEqual([]);
    expect(
      await runStackPolicy(databaseMountsProtected, [volume("store", false), at("store")]),
    ).toHaveLength(1);
    expect(await runStackPolicy(databaseMountsProtected, [at("undeclared")])).toHaveLength(1);
    // Mounted above the data directory, or at a PGDATA of its own.
    expect(
      await runStackPolicy(databaseMountsProtected, [
        volume("s", false),
        at("s", "/var/lib/postgresql"),
      ]),
    ).toHaveLength(1);
    const custom = pg({
      envs: ["PGDATA=/pg"],
      volumes: [{ volumeName: "s", containerPath: "/pg" }],
    });
    expect(
      await runStackPolicy(databaseMountsProtected, [volume("s", false), custom]),
    ).toHaveLength(1);
  });

  it("follows StatefulSet claim templates by what mounts them, not by their name", async () => {
    const statefulSet = (whenDeleted: string) => ({
      type: "kubernetes:apps/v1:StatefulSet",
      name: "db",
      props: {
        metadata: { name: "db", namespace: "apps" },
        spec: {
          persistentVolumeClaimRetentionPolicy: { whenDeleted },
          volumeClaimTemplates: [{ metadata: { name: "store" } }],
          template: {
            spec: {
              containers: [
                {
                  name: "pg",
                  image: "postgres:17.6",
                  volumeMounts: [{ name: "store", mountPath: "/var/lib/postgresql/data" }],
                },
              ],
            },
          },
        },
      },
    });
    expect(await runStackPolicy(databaseMountsProtected, [statefulSet("Retain")])).toEqual([]);
    expect(await runStackPolicy(databaseMountsProtected, [statefulSet("Delete")])).toHaveLength(1);
  });

  it("flags a PostgreSQL server on an implicit volume, not a client that runs something else", async () => {
    expect(await runStackPolicy(databaseMountsProtected, [pg({})])).toHaveLength(1);
    expect(
      await runStackPolicy(databaseMountsProtected, [pg({ command: ["crond", "-f"] })]),
    ).toEqual([]);
  });
});

describe("the pack as a whole", () => {
  it("turns a crash on a malformed resource into a violation and keeps the other findings", async () => {
    const malformed = {
      type: CONTAINER,
      name: "bad",
      props: {
        name: "bad",
        image: 42,
        ports: [null, { internal: 80, external: 8080, ip: "0.0.0.0" }],
        volumes: "oops",
        privileged: "yes",
      },
    };
    const found = await runPack(policies, [malformed]);
    const text = found.map((v) => `${v.policy}: ${v.message}`).join("\n");
    expect(text).toContain("docker-loopback-ports: container bad ports[0] is null, not a port");
    expect(text).toContain("publishes host port 8080");
    expect(text).toContain('docker-no-host-privileges: container bad sets privileged to "yes"');
    expect(text).toContain("docker-no-sensitive-host-paths: container bad: volumes is not a list");
    expect(text).toContain("docker-image-pinned: bad: image 42: 42 is not an image reference");
  });

  it("reports a policy that throws as a violation naming the resource", async () => {
    const throwing = policies.find((p) => p.name === "kubernetes-gpu-placement")!;
    // A getter that throws stands for any value a policy did not expect.
    const props = {
      metadata: { namespace: "apps" },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "c",
                get resources(): never {
                  throw new TypeError("resources is not an object");
                },
              },
            ],
          },
        },
      },
    };
    const found = await runPack(
      [throwing],
      [{ type: "kubernetes:apps/v1:Deployment", name: "d", props }],
    );
    expect(found.map((v) => v.message)).toEqual([
      "kubernetes:apps/v1:Deployment d has a malformed value this policy cannot read: resources is not an object",
    ]);
  });

  it("names commands that deploy outside the allowlist, as advice", async () => {
    const cmd = (create: string) => ({
      type: "command:local:Command",
      name: "deploy",
      props: { create },
    });
    expect(
      await violations(commandsReviewed, cmd("docker run --privileged alpine:3.20")),
    ).toHaveLength(1);
    expect(await violations(commandsReviewed, cmd("kubectl -n x apply -f m.yaml"))).toHaveLength(1);
    expect(await violations(commandsReviewed, cmd("helm upgrade --install a b"))).toHaveLength(1);
    expect(await violations(commandsReviewed, cmd("docker inspect archon-postgres"))).toEqual([]);
    expect(
      await violations(commandsReviewed, cmd("docker run x"), { allowedCommands: ["deploy"] }),
    ).toEqual([]);
    expect(commandsReviewed.enforcementLevel).toBe("advisory");
  });
});

describe("blind spots of the offline plan", () => {
  const resource = (type: string, name: string, custom: boolean, parent: string | null = null) =>
    ({ urn: `urn:pulumi:s::p::${type}::${name}`, type, name, custom, parent }) as RecordedResource;

  it("lists Kubernetes components without children, not those that expanded", () => {
    const expanded = resource("kubernetes:yaml:ConfigFile", "v1", false);
    const child = resource("kubernetes:core/v1:Pod", "pod", true, expanded.urn);
    const chart = resource("kubernetes:helm.sh/v4:Chart", "chart", false);
    const own = resource("platform:apps:N8n", "n8n", false);
    expect(blindSpots([expanded, child, chart, own]).map((b) => b.type)).toEqual([
      "kubernetes:helm.sh/v4:Chart",
    ]);
  });
});
