import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { publishableFiles } from "../../../scripts/lib/synthStack";
import { plainInputs, synthProjectStack, synthRejection } from "../../support/synthFixture";
import { container, containersByName, outputs } from "./archonProdFixture";

// Issue 12, item 4: a fresh host gets its certificate through the edge on the first `pulumi up`.

const CERTBOT = ["edge:certbot=true", "edge:acmeEmail=ops@example.com"];

let plain: SynthResult;
let withCertbot: SynthResult;

beforeAll(async () => {
  plain = await synthProjectStack("archon-prod");
  withCertbot = await synthProjectStack("archon-prod", CERTBOT);
});

interface Mount {
  source: string;
  target: string;
  readOnly?: boolean;
  type: string;
}
const mounts = (result: SynthResult, name: string) =>
  (plainInputs(container(result, name)).mounts ?? []) as Mount[];

describe("archon-prod certificates by certbot", () => {
  it("is on for a fresh host: edge:certbot unset and no certificate location configured", async () => {
    // An empty value is an unset key (the committed stack file sets edge:certbot false).
    const fresh = await synthProjectStack("archon-prod", ["edge:certbot="]);
    expect(containersByName(fresh).has("archon-certbot")).toBe(true);
    const existing = await synthProjectStack("archon-prod", [
      "edge:certbot=",
      "edge:certificateDirectory=/srv/certs",
    ]);
    expect(containersByName(existing).has("archon-certbot")).toBe(false);
    expect(outputs(existing).certificateSource).toMatch(/^existing files: \/srv\/certs\/live\//);
  });

  it("is off on the seed's host: no certbot containers, no ACME path, the existing certificate paths", () => {
    const names = [...containersByName(plain).keys()];
    expect(names.filter((n) => n.includes("certbot"))).toEqual([]);
    expect(outputs(plain).certificateSource).toMatch(/^existing files: \/etc\/letsencrypt\/live\//);
  });

  it("writes the stand-in before nginx starts, and renews in nginx's PID namespace after it", () => {
    const bootstrap = container(withCertbot, "archon-certbot-bootstrap");
    const nginx = container(withCertbot, "archon-nginx");
    const renew = container(withCertbot, "archon-certbot");
    expect(nginx.dependencies).toContain(bootstrap.urn);
    expect(renew.dependencies).toContain(nginx.urn);
    expect(plainInputs(renew).pidMode).toBe("container:archon-nginx");
    expect(plainInputs(bootstrap)).toMatchObject({ attach: true, mustRun: false });
    expect(plainInputs(renew).restart).toBe("unless-stopped");
  });

  it("lets certbot write the directory nginx reads read-only, outside /etc", () => {
    expect(plainInputs(container(withCertbot, "archon-nginx")).volumes).toContainEqual({
      hostPath: "/var/lib/archon/letsencrypt",
      containerPath: "/var/lib/archon/letsencrypt",
      readOnly: true,
    });
    for (const name of ["archon-certbot-bootstrap", "archon-certbot"]) {
      expect(mounts(withCertbot, name)).toEqual([
        {
          type: "bind",
          source: "/var/lib/archon/letsencrypt",
          target: "/etc/letsencrypt",
          readOnly: false,
        },
      ]);
    }
  });

  it("serves certbot's webroot at the ACME path and reads certbot's certificate", () => {
    const conf = publishableFiles(withCertbot, false).find((f) =>
      f.path.endsWith("archon-nginx/etc/nginx/conf.d/default.conf"),
    )!.content;
    const port80 = conf.slice(conf.indexOf("listen 80;"), conf.indexOf("listen 443"));
    expect(port80).toContain(
      "location /.well-known/acme-challenge/ {\n        root /var/lib/archon/letsencrypt/acme-webroot;",
    );
    expect(conf).toContain(
      "ssl_certificate /var/lib/archon/letsencrypt/live/archon.nexorithm.io/fullchain.pem;",
    );
  });

  it("asks for one certificate covering both names, from the staging issuer when configured", async () => {
    const command = (r: SynthResult) =>
      plainInputs(container(r, "archon-certbot")).command[0] as string;
    expect(command(withCertbot)).toContain(
      "-d '\\''archon.nexorithm.io'\\'' -d '\\''supabase.archon.nexorithm.io'\\''",
    );
    expect(command(withCertbot)).not.toContain("--staging");
    const staging = await synthProjectStack("archon-prod", [...CERTBOT, "edge:acmeStaging=true"]);
    expect(command(staging)).toContain("--staging");
  });

  it("lists the DNS records the host needs", async () => {
    expect(Object.keys(outputs(withCertbot).dnsRecords)).toEqual([
      "archon.nexorithm.io",
      "supabase.archon.nexorithm.io",
    ]);
    const addressed = await synthProjectStack("archon-prod", ["edge:publicAddress=203.0.113.10"]);
    expect(outputs(addressed).dnsRecords).toEqual({
      "archon.nexorithm.io": "203.0.113.10",
      "supabase.archon.nexorithm.io": "203.0.113.10",
    });
  });

  it.each([
    [
      ["edge:certbot=true", "edge:mode=host"],
      ["edge:certbot", "edge:mode is host"],
    ],
    [
      ["edge:certbot=true", "edge:certificateDirectory=/etc/letsencrypt"],
      ["edge:certificateDirectory", "outside /etc"],
    ],
    [
      ["edge:certbot=true", "edge:certificatePath=/var/lib/archon/letsencrypt/x.pem"],
      ["edge:certificatePath", "unset when edge:certbot is true"],
    ],
    [["edge:acmeEmail=nobody"], ["edge:acmeEmail", '"nobody"']],
    [["edge:publicAddress=example"], ["edge:publicAddress", "IPv4"]],
    [["edge:certbot=true", "edge:certbotImage=certbot/certbot:latest"], ["edge:certbotImage"]],
  ])("refuses %j before creating anything", async (overrides, mentions) => {
    const { error, registered } = await synthRejection("archon-prod", overrides);
    for (const m of mentions) {
      expect(error.message).toContain(m);
    }
    expect(registered).toBe(0);
  });
});
