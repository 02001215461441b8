import { describe, expect, it } from "vitest";
import { archonBehindLogin } from "../../policy/policies/archonBehindLogin";
import { renderNginxSites } from "../../components/edge/nginxSites";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { CONTAINER, runStackPolicy, urnOf } from "./policyArgs";

function site(login: boolean): string {
  return renderNginxSites({
    archonHost: "archon.example.com",
    supabaseHost: "supabase.archon.example.com",
    certificatePath: "/c/full.pem",
    certificateKeyPath: "/c/key.pem",
    htpasswdPath: "/etc/nginx/htpasswd-supabase",
    archonLogin: login ? { htpasswdPath: "/etc/nginx/htpasswd-archon" } : undefined,
    upstreams: {
      ui: [{ address: "archon-ui:3737", weight: 100 }],
      server: [{ address: "archon-server:8181", weight: 100 }],
      studio: [{ address: "archon-studio:3000", weight: 100 }],
    },
  });
}

const nginx = (content: unknown) => ({
  type: CONTAINER,
  name: "archon-nginx",
  props: { name: "archon-nginx", uploads: [{ file: "/etc/nginx/conf.d/default.conf", content }] },
});
const server = (kind: string) => ({
  type: CONTAINER,
  name: "archon-server",
  props: { name: "archon-server", labels: [{ label: "platform.archon.kind", value: kind }] },
});
const hostCommand = (config: string) => ({
  type: "command:local:Command",
  name: "archon-edge-host-nginx",
  props: { create: "#!/bin/sh", triggers: [config, "hash"] },
});

describe("archon-behind-login", () => {
  it("passes an upstream Archon behind the edge login, in a container or on the host", async () => {
    expect(
      await runStackPolicy(archonBehindLogin, [server("upstream"), nginx(site(true))]),
    ).toEqual([]);
    expect(
      await runStackPolicy(archonBehindLogin, [server("upstream"), hostCommand(site(true))]),
    ).toEqual([]);
  });

  it("fails an upstream Archon published without one, naming the edge and the host", async () => {
    const found = await runStackPolicy(archonBehindLogin, [server("upstream"), nginx(site(false))]);
    expect(found.map((v) => [v.urn, v.message])).toEqual([
      [
        urnOf(CONTAINER, "archon-nginx"),
        "archon-nginx publishes Archon (archon.example.com) without a login",
      ],
    ]);
    const onHost = await runStackPolicy(archonBehindLogin, [hostCommand(site(false))]);
    expect(onHost).toHaveLength(1);
  });

  it("fails a login switched off for one location", async () => {
    const opened = site(true).replace(
      "location /api/ {",
      "location /api/ {\n        auth_basic off;",
    );
    expect(await runStackPolicy(archonBehindLogin, [nginx(opened)])).toHaveLength(1);
  });

  it("passes a self-authenticating Archon without an edge login", async () => {
    expect(
      await runStackPolicy(archonBehindLogin, [server("self-authenticating"), nginx(site(false))]),
    ).toEqual([]);
  });

  it("does not guess about a site unknown at preview", async () => {
    expect(await runStackPolicy(archonBehindLogin, [nginx(UNKNOWN_VALUE)])).toEqual([]);
  });

  const bare = (proxy: string, names = "server_name a.example.com b.example.com;") =>
    `server {\n  listen 443 ssl;\n  ${names}\n  location / { proxy_pass ${proxy} }\n}\n`;

  it("names every server_name of an open server, or says there is none", async () => {
    const found = await runStackPolicy(archonBehindLogin, [
      nginx(bare("http://archon_ui;") + bare("https://archon_socketio/socket.io/", "")),
    ]);
    expect(found.map((v) => v.message)).toEqual([
      "archon-nginx publishes Archon (a.example.com b.example.com) without a login",
      "archon-nginx publishes Archon (no server_name) without a login",
    ]);
  });

  it("matches Archon's upstreams by their whole name, as configured", async () => {
    for (const proxy of ["http://archon_server_old;", "http://studio;", "http://archon_ui.x;"]) {
      expect(await runStackPolicy(archonBehindLogin, [nginx(bare(proxy))]), proxy).toEqual([]);
    }
    expect(
      await runStackPolicy(archonBehindLogin, [nginx(bare("http://archon_server\t;"))]),
    ).toHaveLength(1);
    const config = { archonUpstreams: ["archon.app"] };
    expect(
      await runStackPolicy(archonBehindLogin, [nginx(bare("http://archon.app;"))], config),
    ).toHaveLength(1);
    // The dot is the name's own, not any character.
    expect(
      await runStackPolicy(archonBehindLogin, [nginx(bare("http://archonxapp;"))], config),
    ).toEqual([]);
    expect(
      await runStackPolicy(archonBehindLogin, [nginx(bare("http://archon_ui;"))], config),
    ).toEqual([]);
  });

  it("reads only nginx's files and server blocks among command triggers", async () => {
    const upload = (file: string) => ({
      ...nginx(""),
      props: { name: "archon-nginx", uploads: [{ file, content: bare("http://archon_ui;") }] },
    });
    expect(await runStackPolicy(archonBehindLogin, [upload("/etc/nginx/nginx.conf")])).toHaveLength(
      1,
    );
    expect(await runStackPolicy(archonBehindLogin, [upload("/srv/etc/nginx/x.conf")])).toEqual([]);
    const command = {
      type: "command:remote:Command",
      name: "edge",
      props: { triggers: [42, "proxy_pass http://archon_ui;", bare("http://archon_ui;")] },
    };
    expect((await runStackPolicy(archonBehindLogin, [command])).map((v) => v.message)).toEqual([
      "edge publishes Archon (a.example.com b.example.com) without a login",
    ]);
    // A trigger that opens with a comment, or writes `server{` without a space, is a site too.
    const written = (config: string) => ({
      type: "command:local:Command",
      name: "edge",
      props: { triggers: [config] },
    });
    expect(
      await runStackPolicy(archonBehindLogin, [written(`# Archon\n${bare("http://archon_ui;")}`)]),
    ).toHaveLength(1);
    expect(
      await runStackPolicy(archonBehindLogin, [
        written(bare("http://archon_ui;").replace("server {", "server{")),
      ]),
    ).toHaveLength(1);
    const other = { type: "kubernetes:core/v1:ConfigMap", name: "cm", props: command.props };
    expect(await runStackPolicy(archonBehindLogin, [other])).toEqual([]);
  });

  it("trusts only archon-server's own kind label on a container", async () => {
    const open = nginx(site(false));
    const otherLabel = {
      ...server("x"),
      props: { labels: [{ label: "platform.archon.role", value: "self-authenticating" }] },
    };
    expect(await runStackPolicy(archonBehindLogin, [otherLabel, open])).toHaveLength(1);
    const notContainer = { ...server("self-authenticating"), type: "command:local:Command" };
    expect(await runStackPolicy(archonBehindLogin, [notContainer, open])).toHaveLength(1);
    expect(
      await runStackPolicy(archonBehindLogin, [{ ...server("x"), props: {} }, open]),
    ).toHaveLength(1);
  });
});
