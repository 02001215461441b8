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
});
