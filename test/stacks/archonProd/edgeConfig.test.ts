import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { readAlone } from "../../support/configAlone";
import {
  DEFAULT_CERTBOT_DIRECTORY,
  loadCertbotConfig,
  loadPublicAddress,
} from "../../../stacks/archonProd/certbotConfig";
import { loadEdgeConfig } from "../../../stacks/archonProd/edgeConfig";
import { keysOfKind } from "../../../stacks/config/declarations";
import { unwrap } from "../../support/unwrap";

/**
 * `edge:*` read as archonProdConfig reads it (the edge, then certbot over it), without a
 * synthesis; edge.test.ts and certificates.test.ts check the rendered containers and sites.
 */
function edge(values: Record<string, string>, dockerHost?: string, secretKeys: string[] = []) {
  const host = values["archon:publicHost"] ?? "archon.example.com";
  const { result, problems } = readAlone(
    values,
    (reader) => ({
      ...loadCertbotConfig(reader, loadEdgeConfig(reader, host, dockerHost)),
      publicAddress: loadPublicAddress(reader),
    }),
    { stack: "archon-prod", secretKeys },
  );
  return { ...result, problems };
}

/** Certificates the host already has, in host mode: certbot stays off. */
const OWN = { "edge:mode": "host", "edge:certificateDirectory": "/etc/letsencrypt" };

describe("edge:mode and the host names", () => {
  it("default to a container edge for the public host and supabase.<host>", () => {
    const r = edge({});
    expect(r.problems).toEqual([]);
    expect(r.edge).toMatchObject({
      mode: "container",
      archonHost: "archon.example.com",
      supabaseHost: "supabase.archon.example.com",
    });
    expect(edge({ "edge:archonHost": "ui.example.org" }).edge.supabaseHost).toBe(
      "supabase.ui.example.org",
    );
  });

  it("refuses another mode, listing the three", () => {
    expect(edge({ "edge:mode": "Host" }).problems).toEqual([
      'edge:mode: "Host" is invalid; expected one of container, host, none',
    ]);
  });

  it.each(["container", "host"])("in %s mode needs a dotted public name", (mode) => {
    expect(edge({ ...OWN, "edge:mode": mode, "edge:archonHost": "localhost" }).problems).toEqual([
      'edge:archonHost: "localhost" is invalid; expected a public DNS name for the certificate ' +
        "(set edge:archonHost or archon:publicHost), or edge:mode none",
    ]);
  });

  it("without an edge takes any host name", () => {
    const r = edge({ "edge:mode": "none", "edge:archonHost": "localhost" });
    expect(r.problems).toEqual([]);
    expect(r.edge.archonHost).toBe("localhost");
  });

  it("refuses a supabase host that is not a host name", () => {
    expect(edge({ "edge:supabaseHost": "supa base.example.com" }).problems).toEqual([
      'edge:supabaseHost: "supa base.example.com" is invalid; expected a DNS hostname such as archon.example.com',
    ]);
  });
});

describe("certificate paths", () => {
  it("default to certbot's layout for the host under the directory", () => {
    const { edge: e } = edge({ ...OWN, "edge:archonHost": "ui.example.org" });
    expect(e.certificateDirectory).toBe("/etc/letsencrypt");
    expect(e.certificatePath).toBe("/etc/letsencrypt/live/ui.example.org/fullchain.pem");
    expect(e.certificateKeyPath).toBe("/etc/letsencrypt/live/ui.example.org/privkey.pem");
  });

  it.each(["certificateDirectory", "certificatePath", "certificateKeyPath"])(
    "refuse a relative edge:%s, naming it",
    (key) => {
      expect(edge({ ...OWN, [`edge:${key}`]: "certs/x" }).problems).toContain(
        `edge:${key}: "certs/x" is invalid; expected an absolute path on the Docker host`,
      );
    },
  );

  it.each(["certificatePath", "certificateKeyPath"])(
    "in container mode: edge:%s under the mounted directory, not beside it",
    (key) => {
      const certs = {
        "edge:certbot": "false",
        "edge:certificateDirectory": "/srv/certs",
        [`edge:${key}`]: "/srv/certs-old/x.pem",
      };
      expect(edge(certs).problems).toEqual([
        `edge:${key}: "/srv/certs-old/x.pem" is invalid; expected a path under ` +
          "edge:certificateDirectory (/srv/certs), which the nginx container mounts",
      ]);
      // Host mode reads the host's files where they are.
      expect(edge({ ...certs, "edge:mode": "host" }).problems).toEqual([]);
      expect(edge({ ...certs, [`edge:${key}`]: "/srv/certs/x.pem" }).problems).toEqual([]);
    },
  );
});

describe("the edge login", () => {
  it("is archon, with a generated password, unless given", () => {
    expect(edge({}).edge.archonLogin).toEqual({ user: "archon", password: undefined });
  });

  it.each(["a", "x".repeat(64), "ops.team_1-b"])("accepts the user %s", (user) => {
    const r = edge({ "edge:archonUsername": user });
    expect(r.problems).toEqual([]);
    expect(r.edge.archonLogin.user).toBe(user);
  });

  it.each(["x".repeat(65), "ops:team", "ops team", "opé"])(
    "refuses the user %s, naming the key and the rule",
    (user) => {
      expect(edge({ "edge:archonUsername": user }).problems).toEqual([
        `edge:archonUsername: ${JSON.stringify(user)} is invalid; expected 1 to 64 letters, ` +
          "digits, . _ or - (an htpasswd user: no colon, no spaces)",
      ]);
    },
  );

  it("refuses a password of 15 characters without showing it, keeps one of 16 secret", async () => {
    const short = "p".repeat(15);
    const refused = edge({ "edge:archonPassword": short }, undefined, ["edge:archonPassword"]);
    expect(refused.problems).toEqual([
      'edge:archonPassword: "<secret of 15 characters>" is invalid; expected at least 16 ' +
        "characters, or unset for a generated one",
    ]);
    const long = "q".repeat(16);
    const r = edge({ "edge:archonPassword": long }, undefined, ["edge:archonPassword"]);
    expect(r.problems).toEqual([]);
    expect(await pulumi.isSecret(r.edge.archonLogin.password!)).toBe(true);
    expect(await unwrap(r.edge.archonLogin.password!)).toBe(long);
  });
});

describe("host mode's way to the host", () => {
  const host = (dockerHost?: string, values: Record<string, string> = {}) =>
    edge({ ...OWN, ...values }, dockerHost, ["edge:sshPrivateKey"]);

  it.each([undefined, "", "unix:///var/run/docker.sock"])("is local for docker:host %j", (d) => {
    expect(host(d)).toMatchObject({ problems: [], edge: { hostSsh: undefined } });
  });

  it.each([
    ["ssh://deploy@docker.example.com", 22],
    ["ssh://deploy@docker.example.com/", 22],
    ["ssh://deploy@docker.example.com:1", 1],
    ["ssh://deploy@docker.example.com:2222", 2222],
    ["ssh://deploy@docker.example.com:65535", 65535],
  ])("is SSH for %s, port %d", (dockerHost, port) => {
    const r = host(dockerHost);
    expect(r.problems).toEqual([]);
    expect(r.edge.hostSsh).toEqual({
      user: "deploy",
      host: "docker.example.com",
      port,
      privateKey: undefined,
    });
  });

  it("uses edge:sshPrivateKey, kept secret", async () => {
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----";
    const ssh = host("ssh://deploy@docker.example.com", { "edge:sshPrivateKey": key }).edge
      .hostSsh!;
    expect(await pulumi.isSecret(ssh.privateKey!)).toBe(true);
    expect(await unwrap(ssh.privateKey!)).toBe(key);
  });

  it.each([
    "tcp://docker.example.com:2376",
    "ssh://docker.example.com",
    "ssh://@docker.example.com",
    "ssh://deploy@",
    "ssh://deploy@docker.example.com:0",
    "ssh://deploy@docker.example.com:022",
    "ssh://deploy@docker.example.com:65536",
    "ssh://deploy@docker.example.com:2222/x",
    "ssh://a@b@docker.example.com",
    "xssh://deploy@docker.example.com",
  ])("is refused for docker:host %s, naming edge:mode and the address", (dockerHost) => {
    const r = host(dockerHost);
    expect(r.problems).toEqual([
      `edge:mode: "host" is invalid; expected container or none when docker:host is ` +
        `"${dockerHost}": host mode configures the Docker host's own nginx, which it reaches ` +
        "locally (docker:host unset or unix://) or over SSH (docker:host ssh://user@host[:port])",
    ]);
    expect(r.edge.hostSsh).toBeUndefined();
  });

  it("is not read in container mode", () => {
    expect(edge({}, "tcp://docker.example.com:2376")).toMatchObject({
      problems: [],
      edge: { hostSsh: undefined },
    });
  });
});

describe("weighted backends", () => {
  const keys = ["uiBackends", "serverBackends", "studioBackends"] as const;
  const backendOf = {
    uiBackends: "ui",
    serverBackends: "server",
    studioBackends: "studio",
  } as const;

  it("are the local service alone unless given", () => {
    expect(edge({}).edge.backends).toEqual({
      ui: undefined,
      server: undefined,
      studio: undefined,
    });
  });

  it.each(keys)("edge:%s: the list given", (key) => {
    const list = [
      { address: "10.0.0.2:3737", weight: 3 },
      { address: "10.0.0.3:3737", weight: 0 },
    ];
    const r = edge({ [`edge:${key}`]: JSON.stringify(list) });
    expect(r.problems).toEqual([]);
    expect(r.edge.backends[backendOf[key]]).toEqual(list);
  });

  it.each(keys)("edge:%s: refuses what is not a list, naming the key and the form", (key) => {
    expect(edge({ [`edge:${key}`]: '{"address":"a:1","weight":1}' }).problems).toEqual([
      `edge:${key}: {"address":"a:1","weight":1} is invalid; expected a list of ` +
        "{ address: host:port, weight } with at least one weight above 0 (not a list)",
    ]);
  });

  it("refuses a list where nothing would serve, saying why", () => {
    expect(edge({ "edge:uiBackends": '[{"address":"a:1","weight":0}]' }).problems).toEqual([
      'edge:uiBackends: [{"address":"a:1","weight":0}] is invalid; expected a list of ' +
        "{ address: host:port, weight } with at least one weight above 0 (every backend has " +
        "weight 0, so nothing would serve)",
    ]);
  });
});

describe("certbot", () => {
  it("is on for a fresh container edge: certbot's directory outside /etc, its paths", () => {
    const r = edge({ "edge:archonHost": "ui.example.org" });
    expect(r.problems).toEqual([]);
    expect(r.certbot).toBeDefined();
    expect(r.edge.certificateDirectory).toBe(DEFAULT_CERTBOT_DIRECTORY);
    expect(DEFAULT_CERTBOT_DIRECTORY).not.toMatch(/^\/etc(\/|$)/);
    expect(r.edge.certificatePath).toBe(
      `${DEFAULT_CERTBOT_DIRECTORY}/live/ui.example.org/fullchain.pem`,
    );
    expect(r.edge.certificateKeyPath).toBe(
      `${DEFAULT_CERTBOT_DIRECTORY}/live/ui.example.org/privkey.pem`,
    );
  });

  it("writes the directory Pulumi.yaml documents as edge:certificateDirectory's default with it", () => {
    const documented = keysOfKind("archon").get("edge:certificateDirectory")?.defaultText;
    const [, directory] = /with `edge:certbot`: `([^`]+)`/.exec(documented ?? "") ?? [];
    expect(directory).toMatch(/^\/[^/]/);
    expect(edge({}).edge.certificateDirectory).toBe(directory);
  });

  it.each([
    ["certificateDirectory", "/srv/certs"],
    ["certificatePath", "/etc/letsencrypt/live/a/fullchain.pem"],
    ["certificateKeyPath", "/etc/letsencrypt/live/a/privkey.pem"],
  ])("is off when the stack points at its own certificates (edge:%s)", (key, value) => {
    const r = edge({ [`edge:${key}`]: value });
    expect(r.certbot).toBeUndefined();
    expect(r.edge[key as "certificateDirectory"]).toBe(value);
  });

  it.each(["host", "none"])("is off by default in %s mode", (mode) => {
    expect(edge({ "edge:mode": mode, "edge:archonHost": "a.example.com" }).certbot).toBeUndefined();
  });

  it("is off when edge:certbot is false", () => {
    const r = edge({ "edge:certbot": "false" });
    expect(r.certbot).toBeUndefined();
    expect(r.edge.certificateDirectory).toBe("/etc/letsencrypt");
  });

  it.each(["host", "none"])("is refused in %s mode, naming the mode", (mode) => {
    expect(edge({ "edge:mode": mode, "edge:certbot": "true" }).problems).toEqual([
      `edge:certbot: true is invalid; expected false when edge:mode is ${mode} (host mode keeps ` +
        "the host's own certbot; none has no edge)",
    ]);
  });

  it("writes a directory given with edge:certbot true, under which its paths are", () => {
    const r = edge({ "edge:certbot": "true", "edge:certificateDirectory": "/srv/etc" });
    expect(r.problems).toEqual([]);
    expect(r.edge.certificatePath).toBe("/srv/etc/live/archon.example.com/fullchain.pem");
    expect(r.edge.certificateKeyPath).toBe("/srv/etc/live/archon.example.com/privkey.pem");
    expect(edge({ "edge:certbot": "true", "edge:certificateDirectory": "/etcd" }).problems).toEqual(
      [],
    );
  });

  it.each(["/etc", "/etc/letsencrypt"])("refuses to write %s", (directory) => {
    const r = edge({ "edge:certbot": "true", "edge:certificateDirectory": directory });
    expect(r.problems).toEqual([
      `edge:certificateDirectory: ${JSON.stringify(directory)} is invalid; expected a directory ` +
        "outside /etc when edge:certbot is true (certbot writes it, and the policy pack refuses " +
        `a writable bind of /etc), e.g. ${DEFAULT_CERTBOT_DIRECTORY}`,
    ]);
  });

  it.each(["certificatePath", "certificateKeyPath"])(
    "refuses edge:%s beside it (certbot's paths are used)",
    (key) => {
      const path = "/srv/certs/x.pem";
      const given = { "edge:certificateDirectory": "/srv/certs", [`edge:${key}`]: path };
      expect(edge({ "edge:certbot": "true", ...given }).problems).toEqual([
        `edge:${key}: "${path}" is invalid; expected unset when edge:certbot is true ` +
          "(certbot's paths are used)",
      ]);
    },
  );

  it("uses Let's Encrypt's production service unless edge:acmeStaging is true", () => {
    expect(edge({}).certbot?.staging).toBe(false);
    expect(edge({ "edge:acmeStaging": "true" }).certbot?.staging).toBe(true);
  });

  it.each(["ops@example.com", "A.B+c@Mail.Example.ORG", "o@x.io"])(
    "takes the e-mail address %s",
    (email) => {
      const r = edge({ "edge:acmeEmail": email });
      expect(r.problems).toEqual([]);
      expect(r.certbot?.email).toBe(email);
    },
  );

  it.each([
    "nobody",
    "@example.com",
    "ops@",
    "ops@example",
    "ops@example.c",
    "ops@example.c0m",
    "ops@@example.com",
    "o ps@example.com",
    "ops@exa mple.com",
    "ops@example.com ",
  ])("refuses the e-mail address %j, even with certbot off", (email) => {
    const expected = [
      `edge:acmeEmail: ${JSON.stringify(email)} is invalid; expected an e-mail address such as ops@example.com`,
    ];
    expect(edge({ "edge:acmeEmail": email }).problems).toEqual(expected);
    expect(edge({ ...OWN, "edge:acmeEmail": email }).problems).toEqual(expected);
  });

  it("runs the image of platform:versions, or edge:certbotImage over it", () => {
    const versions = JSON.stringify({ images: { certbot: "certbot/certbot:v4.0.0" } });
    expect(edge({ "platform:versions": versions }).certbot?.image).toBe("certbot/certbot:v4.0.0");
    expect(
      edge({ "platform:versions": versions, "edge:certbotImage": "certbot/certbot:v4.1.0" }).certbot
        ?.image,
    ).toBe("certbot/certbot:v4.1.0");
    expect(edge({ ...OWN, "edge:certbotImage": "certbot/certbot:latest" }).problems).toEqual([
      expect.stringMatching(
        /^edge:certbotImage: "certbot\/certbot:latest" is invalid; expected a pinned/,
      ),
    ]);
  });
});

describe("edge:publicAddress", () => {
  it("is optional, and an IPv4 address when given", () => {
    expect(edge({}).publicAddress).toBeUndefined();
    expect(edge({ "edge:publicAddress": "203.0.113.10" })).toMatchObject({
      publicAddress: "203.0.113.10",
      problems: [],
    });
  });

  it.each(["example.com", "203.0.113.256", "203.0.113"])("refuses %s, naming the key", (v) => {
    expect(edge({ "edge:publicAddress": v }).problems).toEqual([
      `edge:publicAddress: ${JSON.stringify(v)} is invalid; expected an IPv4 address such as 203.0.113.10`,
    ]);
  });

  // Each range at its edges: the first and last address refused, the neighbours accepted.
  it.each([
    "10.0.0.0",
    "10.255.255.255",
    "172.16.0.1",
    "192.168.2.200",
    "127.0.0.1",
    "169.254.1.1",
    "0.0.0.0",
    "0.255.255.255",
    "100.64.0.0",
    "100.127.255.255",
    "224.0.0.1",
    "239.255.255.255",
    "240.0.0.1",
    "255.255.255.255",
  ])("refuses %s: the DNS records it feeds are public", (v) => {
    expect(edge({ "edge:publicAddress": v }).problems).toEqual([
      `edge:publicAddress: ${JSON.stringify(v)} is invalid; expected a public IPv4 address, not private, loopback, link-local, 0.0.0.0/8, 100.64.0.0/10 (carrier-grade NAT), multicast or reserved`,
    ]);
  });

  it.each([
    "1.0.0.0",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "223.255.255.255",
  ])("accepts %s", (v) => {
    expect(edge({ "edge:publicAddress": v })).toMatchObject({ publicAddress: v, problems: [] });
  });
});
