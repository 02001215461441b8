/**
 * The pack's shared readers (policy/lib), on the inputs the policies hand them: what each finds,
 * what it leaves alone, and the words its callers put into violations.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { configWithDefaults } from "../../policy/lib/config";
import { defensive } from "../../policy/lib/defensive";
import {
  bindProblems,
  containerName,
  dockerContainerOf,
  hostBinds,
  isDockerSocket,
  isUnder,
  localDriverBind,
  mountsPath,
  normalisePath,
} from "../../policy/lib/dockerContainer";
import { hostPathProblem, isAncestorOf, sensitiveHit } from "../../policy/lib/hostPaths";
import { nginxServers, requiresLogin, serverLevel } from "../../policy/lib/nginxServers";
import { baseType, describeContainer, workloadOf } from "../../policy/lib/podSpecs";
import { readKnown } from "../../policy/lib/known";
import { base64Text, stringsIn } from "../../policy/lib/stringsIn";
import { stringListSchema } from "../../policy/lib/stringList";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { CONTAINER, runResourcePolicy, runStackPolicy, urnOf } from "./policyArgs";

const SERVICE = "docker:index/service:Service";

describe("defensive", () => {
  const throwing = (thrown: unknown, before?: string): ResourceValidationPolicy => ({
    name: "throws",
    description: "throws while reading",
    enforcementLevel: "mandatory",
    validateResource: (_args, report) => {
      if (before) {
        report(before);
      }
      throw thrown;
    },
  });
  const subject = { type: CONTAINER, name: "web", props: {} };

  it("turns a throw into a violation naming the resource and the error's first line", async () => {
    const found = await runResourcePolicy(
      defensive(throwing(new TypeError("ports.map is not a function\n    at validate"), "first")),
      subject,
    );
    expect(found.map((v) => v.message)).toEqual([
      "first",
      `${CONTAINER} web has a malformed value this policy cannot read: ports.map is not a function`,
    ]);
    expect(found[1].urn).toBe(urnOf(CONTAINER, "web"));
  });

  it("names what was thrown when it is not an Error", async () => {
    const found = await runResourcePolicy(defensive(throwing("no ports")), subject);
    expect(found.map((v) => v.message)).toEqual([
      `${CONTAINER} web has a malformed value this policy cannot read: no ports`,
    ]);
  });

  it("leaves the engine's own signals to the engine", async () => {
    class UnknownValueError extends Error {}
    class NotApplicableError extends Error {}
    for (const signal of [new UnknownValueError("unknown"), new NotApplicableError("n/a")]) {
      await expect(runResourcePolicy(defensive(throwing(signal)), subject)).rejects.toBe(signal);
      const stack: StackValidationPolicy = {
        name: "throws",
        description: "throws while reading",
        validateStack: () => {
          throw signal;
        },
      };
      await expect(runStackPolicy(defensive(stack), [subject])).rejects.toBe(signal);
    }
  });

  it("does the same for a stack policy, keeping what it reported first", async () => {
    const stack: StackValidationPolicy = {
      name: "throws",
      description: "throws while reading",
      validateStack: (_args, report) => {
        report("first", urnOf(CONTAINER, "web"));
        throw new RangeError("bad\nsecond line");
      },
    };
    const found = await runStackPolicy(defensive(stack), [subject]);
    expect(found.map((v) => v.message)).toEqual([
      "first",
      "the stack has a malformed value this policy cannot read: bad",
    ]);
  });

  it("keeps a policy's own fields and a policy without a validate function as it is", () => {
    const policy = throwing(new Error("x"));
    const wrapped = defensive(policy);
    expect(wrapped).not.toBe(policy);
    expect({ ...wrapped, validateResource: undefined }).toEqual({
      ...policy,
      validateResource: undefined,
    });
    const list = { name: "list", description: "a list", validateResource: [] };
    expect(defensive(list as unknown as ResourceValidationPolicy)).toBe(list);
  });
});

describe("configWithDefaults", () => {
  const schema = {
    properties: {
      names: stringListSchema("names allowed here, for the test", ["a"]),
      limit: { type: "integer" as const, default: 3 },
      free: { type: "string" as const },
    },
  };

  it("overlays what the engine sends on the schema's defaults", () => {
    expect(configWithDefaults(schema, {})).toEqual({ names: ["a"], limit: 3 });
    expect(configWithDefaults(schema, { names: ["b"], free: "x" })).toEqual({
      names: ["b"],
      limit: 3,
      free: "x",
    });
  });

  it("describes a string list as non-empty strings with the default", () => {
    expect(stringListSchema("names allowed", ["x", "y"])).toEqual({
      type: "array",
      items: { type: "string", minLength: 1 },
      default: ["x", "y"],
      description: "names allowed",
    });
  });
});

describe("Docker containers and services", () => {
  it("reads a swarm service's task as a container", () => {
    const service = dockerContainerOf(SERVICE, {
      name: "rest",
      taskSpec: {
        containerSpec: {
          image: "postgrest/postgrest:v12.2.12",
          mounts: [{ type: "bind", source: "/srv", target: "/data" }],
          capAdds: ["NET_ADMIN"],
          env: { A: "1", B: 2 },
          commands: ["/bin/sh", "-c"],
        },
      },
    });
    expect(service).toEqual({
      name: "rest",
      image: "postgrest/postgrest:v12.2.12",
      mounts: [{ type: "bind", source: "/srv", target: "/data" }],
      capabilities: { adds: ["NET_ADMIN"] },
      envs: ["A=1", "B=2"],
      entrypoints: ["/bin/sh", "-c"],
    });
    expect(
      dockerContainerOf(SERVICE, { taskSpec: { containerSpec: { env: null } } })?.envs,
    ).toEqual([]);
    expect(
      dockerContainerOf(SERVICE, { taskSpec: { containerSpec: { env: "A=1" } } })?.envs,
    ).toEqual([]);
    expect(dockerContainerOf(SERVICE, undefined)).toMatchObject({ envs: [] });
    expect(dockerContainerOf(CONTAINER, undefined)).toEqual({});
    expect(dockerContainerOf("docker:index/volume:Volume", { name: "v" })).toBeUndefined();
  });

  it("says where mounts sit and which name Docker knows", () => {
    expect(mountsPath(SERVICE)).toBe("taskSpec.containerSpec.mounts");
    expect(mountsPath(CONTAINER)).toBe("mounts");
    expect(containerName({ name: "archon-db" }, "db")).toBe("archon-db");
    expect(containerName({}, "db")).toBe("db");
  });

  it("recognises the local driver's bind options", () => {
    expect(localDriverBind(undefined, { type: "none", o: "bind", device: "/srv" })).toEqual({
      device: "/srv",
      readOnly: false,
    });
    expect(localDriverBind("local", { o: " rbind , ro ", device: "/srv" })).toEqual({
      device: "/srv",
      readOnly: true,
    });
    expect(localDriverBind("nfs", { o: "bind", device: "/srv" })).toBeUndefined();
    expect(localDriverBind("local", { o: "addr=1.2.3.4", device: ":/x" })).toBeUndefined();
    expect(localDriverBind("local", { o: 1, device: "/srv" })).toBeUndefined();
    expect(localDriverBind("local", null)).toBeUndefined();
    expect(localDriverBind("local", "o=bind")).toBeUndefined();
  });

  it("lists every host path bound in, with where it sits and whether it is read-only", () => {
    const binds = hostBinds(
      {
        volumes: [
          { hostPath: "/srv/a", containerPath: "/a", readOnly: true },
          { hostPath: "/srv/b" },
          { hostPath: "relative/c", containerPath: "/c" },
          { volumeName: "data", containerPath: "/d" },
        ],
        mounts: [
          { type: "bind", source: "/srv/e", target: "/e", readOnly: true },
          { type: "bind", source: "srv/f", target: "/f" },
          {
            type: "volume",
            target: "/g",
            volumeOptions: { driverOptions: { type: "none", o: "bind,ro", device: "/srv/g" } },
          },
          {
            type: "volume",
            target: "/h",
            readOnly: true,
            volumeOptions: { driverName: "local", driverOptions: { o: "bind", device: "/srv/h" } },
          },
          { type: "volume", target: "/i", volumeOptions: { driverOptions: { device: "/srv/i" } } },
          { type: "tmpfs", target: "/j" },
        ],
      },
      "taskSpec.containerSpec.mounts",
    );
    expect(binds).toEqual([
      { hostPath: "/srv/a", containerPath: "/a", readOnly: true, path: "volumes[0]" },
      { hostPath: "/srv/b", containerPath: "", readOnly: false, path: "volumes[1]" },
      {
        hostPath: "/srv/e",
        containerPath: "/e",
        readOnly: true,
        path: "taskSpec.containerSpec.mounts[0]",
      },
      {
        hostPath: "/srv/g",
        containerPath: "/g",
        readOnly: true,
        path: "taskSpec.containerSpec.mounts[2].volumeOptions.driverOptions.device",
      },
      {
        hostPath: "/srv/h",
        containerPath: "/h",
        readOnly: true,
        path: "taskSpec.containerSpec.mounts[3].volumeOptions.driverOptions.device",
      },
    ]);
    expect(hostBinds({ mounts: [{ type: "bind", source: "/x" }] })[0]).toMatchObject({
      containerPath: "",
      readOnly: false,
      path: "mounts[0]",
    });
    expect(hostBinds({ volumes: [null as never], mounts: [null as never] })).toEqual([]);
    expect(hostBinds({ volumes: "x" as never, mounts: {} as never })).toEqual([]);
  });

  it("reports binds whose host path cannot be one, and lists that are not lists", () => {
    expect(
      bindProblems(
        {
          volumes: [
            null as never,
            { hostPath: 5 as never },
            { hostPath: "data" },
            { volumeName: "v" },
            { hostPath: "/ok" },
          ],
          mounts: [
            7 as never,
            { type: "bind", source: null as never },
            { type: "bind", source: "/ok" },
            { type: "volume", volumeOptions: { driverOptions: { o: "bind", device: "rel" } } },
            { type: "volume", volumeOptions: { driverOptions: { o: "bind", device: "/ok" } } },
            { type: "volume", volumeOptions: { driverOptions: { device: "rel" } } },
            { type: "tmpfs", source: "rel" },
          ],
        },
        "m",
      ),
    ).toEqual([
      "volumes[0] is null, not a volume",
      "volumes[1].hostPath 5 is not a path (a number)",
      'volumes[2].hostPath "data" is not an absolute path',
      "m[0] is 7, not a mount",
      "m[1].source null is not a path (a null)",
      'm[3].volumeOptions.driverOptions.device "rel" is not an absolute path',
    ]);
    expect(bindProblems({ volumes: "x" as never, mounts: {} as never })).toEqual([
      "volumes is not a list",
      "mounts is not a list",
    ]);
    expect(bindProblems({})).toEqual([]);
  });

  it("finds the Docker socket however its path is written", () => {
    for (const socket of ["/var/run/docker.sock", "/run/docker.sock", "//run/./docker.sock"]) {
      expect(isDockerSocket(socket), socket).toBe(true);
    }
    for (const other of ["/run", "/var/run", "/run/docker.sock.bak", "/run/docker.sock/x"]) {
      expect(isDockerSocket(other), other).toBe(false);
    }
    expect(normalisePath("/a//b/./c/../d")).toBe("/a/b/d");
    expect(isUnder("/var/run/x", "/run")).toBe(true);
    expect(isUnder("/runner", "/run")).toBe(false);
  });
});

describe("host paths", () => {
  it("says why a value is not a host path", () => {
    expect(hostPathProblem("/srv")).toBeUndefined();
    expect(hostPathProblem("srv")).toBe('"srv" is not an absolute path');
    expect(hostPathProblem(null)).toBe("null is not a path (a null)");
    expect(hostPathProblem(undefined)).toBe("undefined is not a path (a undefined)");
    expect(hostPathProblem(["/a"])).toBe('["/a"] is not a path (a object)');
  });

  it("knows which directories hold a sensitive one", () => {
    expect(isAncestorOf("/var", "/var/lib/docker")).toBe(true);
    expect(isAncestorOf("/", "/etc")).toBe(true);
    expect(isAncestorOf("/var/lib/docker", "/var/lib/docker")).toBe(false);
    expect(isAncestorOf("/var/li", "/var/lib/docker")).toBe(false);
    expect(isAncestorOf("/var/lib/docker/x", "/var/lib/docker")).toBe(false);
  });

  it("names the entry as written, the /var/run link, and parents of sensitive paths", () => {
    expect(sensitiveHit("/var/run/docker.sock", ["/run"])).toEqual({ root: "/run", how: "below" });
    expect(sensitiveHit("/run/x", ["/var/run"])).toEqual({ root: "/var/run", how: "below" });
    expect(sensitiveHit("/run/x", ["/etc", "/run", "/var/run"])).toEqual({
      root: "/run",
      how: "below",
    });
    expect(sensitiveHit("//", ["/"])).toEqual({ root: "/", how: "below" });
    expect(sensitiveHit("/srv", ["/"])).toBeUndefined();
    expect(sensitiveHit("/var", ["/", "/var/log"])).toEqual({ root: "/var/log", how: "parent" });
    expect(sensitiveHit("/srv", ["/etc"])).toBeUndefined();
  });
});

describe("nginx server blocks", () => {
  const config = [
    "# server { server_name commented; }",
    "http {",
    "  server {",
    "    listen 443 ssl;",
    "    server_name  a.example.com   b.example.com ;",
    '    auth_basic "login"; # the realm',
    "    auth_basic_user_file /etc/nginx/htpasswd;",
    "    location /api/ { proxy_pass http://api; if ($x) { return 403; } }",
    "  }",
    "  server{listen 80; return 301 https://$host$request_uri;}",
    "}",
  ].join("\n");

  it("splits the configuration into its server blocks with their names", () => {
    const servers = nginxServers(config);
    expect(servers.map((s) => s.serverNames)).toEqual([["a.example.com", "b.example.com"], []]);
    expect(servers[0].text).toContain("location /api/ { proxy_pass http://api;");
    expect(servers[0].text).toContain("return 403; } }");
    expect(servers[0].text).not.toContain("listen 80");
    expect(servers[1].text).toBe("listen 80; return 301 https://$host$request_uri;");
    expect(nginxServers("events {}")).toEqual([]);
    expect(nginxServers("observer { x; }")).toEqual([]);
  });

  it("keeps the server's own directives apart from its locations", () => {
    const [server] = nginxServers(config);
    const own = serverLevel(server);
    expect(own).toContain("auth_basic_user_file /etc/nginx/htpasswd;");
    expect(own).not.toContain("proxy_pass");
    expect(own).not.toContain("return 403");
  });

  const site = (directives: string, location = "proxy_pass http://app;") =>
    nginxServers(`server { server_name s; ${directives} location / { ${location} } }`)[0];

  it("asks for a login only with a realm and a user file, or an auth subrequest", () => {
    const file = "auth_basic_user_file /etc/nginx/htpasswd;";
    expect(requiresLogin(site(`auth_basic "Archon"; ${file}`))).toBe(true);
    expect(requiresLogin(site(`auth_basic Archon; ${file}`))).toBe(true);
    expect(requiresLogin(site(`auth_basic 'Archon' ; ${file}`))).toBe(true);
    expect(requiresLogin(site(`auth_request /auth;`))).toBe(true);
    expect(requiresLogin(site(`auth_basic "Archon";`))).toBe(false);
    expect(requiresLogin(site(file))).toBe(false);
    expect(requiresLogin(site(`auth_basic off; ${file}`))).toBe(false);
    expect(requiresLogin(site(`auth_request off;`))).toBe(false);
    expect(requiresLogin(site(`# auth_request /auth;`))).toBe(false);
    expect(requiresLogin(site(`my_auth_request /auth;`))).toBe(false);
    // In a location only: the other paths are open.
    expect(requiresLogin(site("", `auth_request /auth; proxy_pass http://app;`))).toBe(false);
    // Switched off in one location: that path is open.
    expect(requiresLogin(site(`auth_request /auth;`, "auth_request off;"))).toBe(false);
    expect(requiresLogin(site(`auth_basic "A"; ${file}`, "auth_basic  off ;"))).toBe(false);
  });
});

describe("strings inside property values", () => {
  const encode = (text: string) => Buffer.from(text).toString("base64");

  it("decodes base64 of printable text, wrapped or URL-safe, and nothing else", () => {
    const text = "postgres://app:hunter2-hunter2@db:5432/app";
    expect(base64Text(encode(text))).toBe(text);
    const wrapped = encode(text).replace(/(.{16})/g, "$1\n");
    expect(base64Text(wrapped)).toBe(text);
    expect(base64Text(Buffer.from("line one\tand two\r\n?>?>").toString("base64url"))).toBe(
      "line one\tand two\r\n?>?>",
    );
    expect(base64Text(encode("short text"))).toBeUndefined(); // under 24 characters
    expect(
      base64Text(
        Buffer.from([0, 1, 2, 200, 255, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]).toString(
          "base64",
        ),
      ),
    ).toBeUndefined();
    expect(base64Text("not base64 at all, with spaces and !!!")).toBeUndefined();
  });

  it("walks arrays and objects, naming each string's path, and decodes base64 twice", () => {
    const inner = "PASSWORD=hunter2-hunter2-hunter2";
    const value = {
      data: { "env.txt": encode(encode(inner)) },
      list: ["a", 1, null, ["b"]],
      flag: true,
    };
    expect([...stringsIn(value)]).toEqual([
      ["data.env.txt", encode(encode(inner))],
      ["data.env.txt (base64)", encode(inner)],
      ["data.env.txt (base64) (base64)", inner],
      ["list[0]", "a"],
      ["list[3][0]", "b"],
    ]);
    expect([...stringsIn("x")]).toEqual([["(value)", "x"]]);
    expect([...stringsIn(["x"], "envs")]).toEqual([["envs[0]", "x"]]);
  });
});

describe("pod specs", () => {
  const known = (value: unknown) => readKnown(value);

  it("checks a patch as the object it changes", () => {
    expect(baseType("kubernetes:apps/v1:DeploymentPatch")).toBe("kubernetes:apps/v1:Deployment");
    expect(baseType("kubernetes:apps/v1:Deployment")).toBe("kubernetes:apps/v1:Deployment");
    expect(baseType("docker:index/Patch")).toBe("docker:index/Patch");
  });

  it("finds the pod spec of a CronJob and a patch, init containers first", () => {
    const cron = workloadOf(
      "kubernetes:batch/v1:CronJob",
      known({
        metadata: { namespace: "backups" },
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: { initContainers: [{ name: "wait" }], containers: [{ name: "dump" }, null] },
              },
            },
          },
        },
      }),
    );
    expect(cron?.namespace).toBe("backups");
    expect(cron?.specPath).toBe("spec.jobTemplate.spec.template.spec");
    expect(cron?.containers.map((c) => [describeContainer(c), c.path])).toEqual([
      ["init container wait", "spec.jobTemplate.spec.template.spec.initContainers[0]"],
      ["container dump", "spec.jobTemplate.spec.template.spec.containers[0]"],
      [
        "container spec.jobTemplate.spec.template.spec.containers[1]",
        "spec.jobTemplate.spec.template.spec.containers[1]",
      ],
    ]);
    const patch = workloadOf(
      "kubernetes:apps/v1:DeploymentPatch",
      known({ spec: { template: { spec: { containers: [{ name: "app" }] } } } }),
    );
    expect(patch?.namespace).toBe("default");
    expect(patch?.containers.map(describeContainer)).toEqual(["container app"]);
  });

  it("leaves the namespace undefined while it is unknown, and skips other types and no spec", () => {
    const pod = workloadOf(
      "kubernetes:core/v1:Pod",
      known({ metadata: { namespace: UNKNOWN_VALUE }, spec: { containers: [] } }),
    );
    expect(pod).toBeDefined();
    expect(pod?.namespace).toBeUndefined();
    expect(workloadOf("kubernetes:core/v1:Service", known({ spec: {} }))).toBeUndefined();
    expect(workloadOf("kubernetes:core/v1:Pod", known({ spec: "x" }))).toBeUndefined();
    expect(workloadOf("kubernetes:core/v1:Pod", known({ spec: null }))).toBeUndefined();
    expect(workloadOf("kubernetes:core/v1:Pod", known({}))).toBeUndefined();
    expect(
      workloadOf("kubernetes:core/v1:Pod", known({ spec: { containers: "x" } }))?.containers,
    ).toEqual([]);
  });
});
