import { createHash } from "crypto";
import { describe, expect, it } from "vitest";
import { isSecretValue } from "../../../scripts/lib/propertyValues";
import { parseFileBundle } from "../../../components/toolbox/hosts/fileBundle";
import { publishableFiles } from "../../../scripts/lib/synthStack";
import {
  plainInputs,
  resourceNamed,
  synthProjectStack,
  synthProjectStackAgain,
  synthRejection,
  synthWithSecretConfig,
} from "../../support/synthFixture";
import { container, containersByName, outputs } from "./archonProdFixture";

type Upload = { file: string; content: string };

function uploads(resource: ReturnType<typeof container>): Record<string, string> {
  return Object.fromEntries(
    (plainInputs(resource).uploads as Upload[]).map((u) => [u.file, u.content]),
  );
}

function checkSsha(entry: string, user: string, password: string): boolean {
  const [name, hash] = entry.trim().split(":");
  const raw = Buffer.from(hash.replace("{SSHA}", ""), "base64");
  const digest = createHash("sha1").update(password).update(raw.subarray(20)).digest();
  return name === user && digest.equals(raw.subarray(0, 20));
}

describe("archon-prod edge proxy", () => {
  it("runs nginx in the one container that publishes 80 and 443 on all interfaces", async () => {
    const stack = await synthProjectStack("archon-prod");
    for (const [name, resource] of containersByName(stack)) {
      const open = (
        (plainInputs(resource).ports ?? []) as { ip: string; external: number }[]
      ).filter((p) => p.ip !== "127.0.0.1");
      expect(
        open.map((p) => [p.ip, p.external]),
        name,
      ).toEqual(
        name === "archon-nginx"
          ? [
              ["0.0.0.0", 80],
              ["0.0.0.0", 443],
            ]
          : [],
      );
    }
    const nginx = container(stack, "archon-nginx");
    expect(plainInputs(nginx).image).toBe("nginx:1.27.3-alpine");
    expect(plainInputs(nginx).volumes).toEqual([
      { hostPath: "/etc/letsencrypt", containerPath: "/etc/letsencrypt", readOnly: true },
    ]);
    const site = uploads(nginx)["/etc/nginx/conf.d/default.conf"];
    expect(site).toContain("server_name archon.nexorithm.io;");
    expect(site).toContain("server_name supabase.archon.nexorithm.io;");
    expect(site).toContain(
      "ssl_certificate /etc/letsencrypt/live/archon.nexorithm.io/fullchain.pem;",
    );
    expect(site).toContain("server archon-ui:3737 weight=100;");
    expect(site).toContain("server archon-server:8181 weight=100;");
    expect(site).toContain("server archon-studio:3000 weight=100;");
    expect(outputs(stack).archonPublicUrl).toBe("https://archon.nexorithm.io");
  });

  it("protects Studio with a hashed, secret htpasswd entry of the generated credentials", async () => {
    const stack = await synthProjectStack("archon-prod");
    const nginx = container(stack, "archon-nginx");
    const entry = uploads(nginx)["/etc/nginx/htpasswd-supabase"];
    const { studioUsername, studioPassword } = outputs(stack);
    expect(checkSsha(entry, studioUsername, studioPassword)).toBe(true);
    expect(entry).not.toContain(studioPassword);
    const index = (plainInputs(nginx).uploads as Upload[]).findIndex((u) =>
      u.file.includes("htpasswd"),
    );
    expect(isSecretValue((nginx.inputs.uploads as { content: unknown }[])[index].content)).toBe(
      true,
    );
  });

  it("puts a login in front of all of upstream Archon, with its own generated credentials", async () => {
    const stack = await synthProjectStack("archon-prod");
    const nginx = container(stack, "archon-nginx");
    const site = uploads(nginx)["/etc/nginx/conf.d/default.conf"];
    const archonServer = site.slice(site.indexOf("server_name archon.nexorithm.io;"));
    const archonBlock = archonServer.slice(0, archonServer.indexOf("\n}\n"));
    expect(archonBlock).toContain("auth_basic_user_file /etc/nginx/htpasswd-archon;");
    const { archonEdgeUsername, archonEdgePassword, studioPassword } = outputs(stack);
    expect(archonEdgeUsername).toBe("archon");
    expect(archonEdgePassword).toHaveLength(32);
    expect(archonEdgePassword).not.toBe(studioPassword);
    const entry = uploads(nginx)["/etc/nginx/htpasswd-archon"];
    expect(checkSsha(entry, archonEdgeUsername, archonEdgePassword)).toBe(true);
    const index = (plainInputs(nginx).uploads as Upload[]).findIndex(
      (u) => u.file === "/etc/nginx/htpasswd-archon",
    );
    expect(isSecretValue((nginx.inputs.uploads as { content: unknown }[])[index].content)).toBe(
      true,
    );
    expect(isSecretValue(stack.outputs.archonEdgePassword)).toBe(true);
  });

  it("serves a self-authenticating Archon without an edge login, its Bearer header untouched", async () => {
    const stack = await synthProjectStack("archon-prod", ["archon:kind=self-authenticating"]);
    const site = uploads(container(stack, "archon-nginx"))["/etc/nginx/conf.d/default.conf"];
    expect(site).not.toContain("htpasswd-archon");
    expect(site).not.toContain("Authorization");
    expect(uploads(container(stack, "archon-nginx"))["/etc/nginx/htpasswd-archon"]).toBeUndefined();
    expect(outputs(stack).archonEdgePassword).toBeUndefined();
  });

  it("refuses an edge login name nginx cannot store, and a short password", async () => {
    const bad = await synthRejection("archon-prod", ["edge:archonUsername=ops:team"]);
    expect(bad.error.message).toContain('edge:archonUsername: "ops:team" is invalid');
    expect(bad.registered).toBe(0);
    const short = await synthRejection("archon-prod", [], { "edge:archonPassword": "short" });
    expect(short.error.message).toContain("edge:archonPassword");
    expect(short.error.message).not.toContain('"short"');
  });

  it("in host mode writes the host's nginx through a command that re-runs only on change", async () => {
    // A local daemon (whatever DOCKER_HOST says): the command runs where Pulumi runs.
    const local = ["edge:mode=host", "docker:host=unix:///var/run/docker.sock"];
    const stack = await synthProjectStack("archon-prod", local);
    expect(containersByName(stack).has("archon-nginx")).toBe(false);
    const cmd = resourceNamed(stack, "archon-edge-host-nginx", "command:local:Command");
    const inputs = plainInputs(cmd);
    expect(inputs.interpreter).toEqual(["/bin/sh", "-c"]);
    expect(inputs.create).toContain("$SUDO nginx -t");
    expect(inputs.create).toContain("$SUDO systemctl reload nginx");
    expect(inputs.create).not.toContain("delete");
    expect(inputs.delete).toBeUndefined();
    // The files travel on standard input, a secret because it carries the htpasswd entry.
    expect(isSecretValue(cmd.inputs.stdin)).toBe(true);
    const files = Object.fromEntries(
      (parseFileBundle(inputs.stdin) ?? []).map((f) => [f.path, f.content]),
    );
    const site = files["/etc/nginx/sites-available/archon"];
    expect(site).toContain("server 127.0.0.1:3737 weight=100;");
    expect(site).toContain("server 127.0.0.1:8181 weight=100;");
    expect(site).toContain("server 127.0.0.1:54323 weight=100;");
    expect(site).toContain("auth_basic_user_file /etc/nginx/.htpasswd-supabase;");
    const { studioUsername, studioPassword } = outputs(stack);
    expect(checkSsha(files["/etc/nginx/.htpasswd-supabase"], studioUsername, studioPassword)).toBe(
      true,
    );
    // synth writes them under files/commands/<resource>/...
    const published = publishableFiles(stack, false).map((f) => f.path);
    expect(published).toContain("commands/archon-edge-host-nginx/etc/nginx/sites-available/archon");
    // Archon's login file travels too, and the policy pack reads the site from the triggers.
    const { archonEdgeUsername, archonEdgePassword } = outputs(stack);
    expect(
      checkSsha(files["/etc/nginx/.htpasswd-archon"], archonEdgeUsername, archonEdgePassword),
    ).toBe(true);
    expect(inputs.triggers).toHaveLength(3);
    expect(inputs.triggers[0]).toBe(site);
    const again = await synthProjectStackAgain("archon-prod", local);
    const againInputs = plainInputs(resourceNamed(again, "archon-edge-host-nginx"));
    expect(againInputs.triggers).toEqual(inputs.triggers);
    expect(againInputs.stdin).toEqual(inputs.stdin);
  });

  it("in host mode reaches a remote Docker host's nginx over SSH, as docker:host names it", async () => {
    const stack = await synthWithSecretConfig(
      "archon-prod",
      { "edge:sshPrivateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n" },
      ["edge:mode=host", "docker:host=ssh://deploy@docker.example.com:2222"],
    );
    expect(
      stack.resources.some((r) => r.type === "command:local:Command" && r.name.includes("edge")),
    ).toBe(false);
    const cmd = resourceNamed(stack, "archon-edge-host-nginx", "command:remote:Command");
    expect(plainInputs(cmd).connection).toMatchObject({
      host: "docker.example.com",
      user: "deploy",
      port: 2222,
      privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n",
    });
    // The command provider keeps the whole connection (with the key) secret.
    expect(isSecretValue(cmd.inputs.connection)).toBe(true);
    expect(isSecretValue(cmd.inputs.stdin)).toBe(true);
    expect(plainInputs(cmd).create).toContain("$SUDO nginx -t");

    const agent = await synthProjectStack("archon-prod", [
      "edge:mode=host",
      "docker:host=ssh://deploy@docker.example.com",
    ]);
    const viaAgent = plainInputs(resourceNamed(agent, "archon-edge-host-nginx")).connection;
    expect(viaAgent).toMatchObject({ host: "docker.example.com", user: "deploy", port: 22 });
    expect(viaAgent.privateKey).toBeUndefined();
  });

  it("makes a weighted cutover a config change", async () => {
    const stack = await synthProjectStack("archon-prod", [
      'edge:uiBackends=[{"address":"archon-ui:3737","weight":75},{"address":"10.0.0.9:3737","weight":25}]',
      'edge:serverBackends=[{"address":"archon-server:8181","weight":10},{"address":"10.0.0.9:8181","weight":90}]',
    ]);
    const site = uploads(container(stack, "archon-nginx"))["/etc/nginx/conf.d/default.conf"];
    expect(site).toContain("server archon-ui:3737 weight=75;");
    expect(site).toContain("server 10.0.0.9:3737 weight=25;");
    // The API by weight per request; Socket.IO by weight per client, each client kept on one.
    const servers =
      "    server archon-server:8181 weight=10;\n    server 10.0.0.9:8181 weight=90;\n";
    expect(site).toContain(`upstream archon_server {\n${servers}}`);
    expect(site).toContain(
      `upstream archon_socketio {\n    hash $remote_addr consistent;\n${servers}}`,
    );
    expect(site).toMatch(/location \/socket\.io\/ \{\n\s+proxy_pass http:\/\/archon_socketio;/);
  });

  it("can be turned off", async () => {
    const stack = await synthProjectStack("archon-prod", ["edge:mode=none"]);
    expect(stack.resources.filter((r) => r.type === "platform:edge:EdgeProxy")).toEqual([]);
  });

  it.each([
    [['edge:uiBackends=[{"address":"archon-ui:3737","weight":0}]'], "edge:uiBackends"],
    [["edge:mode=sidecar"], "edge:mode"],
    [["archon:publicHost=localhost"], "edge:archonHost"],
    [["edge:certificatePath=/srv/certs/full.pem"], "edge:certificatePath"],
    [["edge:mode=host", "docker:host=tcp://docker.example.com:2376"], "edge:mode"],
    [["edge:mode=host", "docker:host=ssh://docker.example.com"], "edge:mode"],
  ])("refuses %j naming %s", async (overrides, key) => {
    const { error, registered } = await synthRejection("archon-prod", overrides);
    expect(error.message).toContain(`${key}:`);
    expect(registered).toBe(0);
  });
});
