import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtpasswdEntry } from "../../../components/edge/htpasswd";
import { renderHostNginxScript } from "../../../components/edge/hostNginxScript";
import { renderNginxSites } from "../../../components/edge/nginxSites";
import { renderFileBundle } from "../../../components/toolbox/hosts/fileBundle";
import { selfSignedCertificate } from "../../support/localNginx";
import { requireTool } from "../../support/requireTool";

// Host mode's script on a stand-in host: the real nginx (`nginx -t` against an nginx.conf that
// includes sites-enabled/, as Debian's does), stand-ins for sudo and systemctl that record calls.

let root: string;
let group: string;
const dirs: string[] = [];

interface Host {
  readonly dir: string;
  readonly site: string;
  readonly enabled: string;
  readonly auth: string;
  readonly calls: () => string[];
}

function fakeHost(): Host {
  const dir = fs.mkdtempSync(path.join(root, "host-"));
  dirs.push(dir);
  for (const sub of ["sites-available", "sites-enabled", "bin", "temp"]) {
    fs.mkdirSync(path.join(dir, sub));
  }
  fs.chmodSync(path.join(dir, "temp"), 0o777);
  const log = path.join(dir, "calls.log");
  fs.writeFileSync(log, "");
  const nginx = requireTool("nginx");
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 16; }
http {
    client_body_temp_path ${dir}/temp/body;
    proxy_temp_path ${dir}/temp/proxy;
    fastcgi_temp_path ${dir}/temp/fastcgi;
    uwsgi_temp_path ${dir}/temp/uwsgi;
    scgi_temp_path ${dir}/temp/scgi;
    include ${dir}/sites-enabled/*;
}
`,
  );
  const stub = (name: string, body: string) =>
    fs.writeFileSync(path.join(dir, "bin", name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  stub("sudo", `echo "sudo $*" >> ${log}\n[ "$1" = -n ] && shift\nexec "$@"`);
  stub("systemctl", `echo "systemctl $*" >> ${log}`);
  stub(
    "nginx",
    `echo "nginx $*" >> ${log}\nexec ${nginx} -c ${dir}/nginx.conf -e ${dir}/error.log "$@"`,
  );
  return {
    dir,
    site: path.join(dir, "sites-available", "archon"),
    enabled: path.join(dir, "sites-enabled", "archon"),
    auth: path.join(dir, ".htpasswd-supabase"),
    calls: () =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => line && !line.startsWith("sudo")),
  };
}

function site(host: Host, certificate = path.join(root, "cert.pem")): string {
  return renderNginxSites({
    archonHost: "archon.test",
    supabaseHost: "supabase.archon.test",
    certificatePath: certificate,
    certificateKeyPath: path.join(root, "key.pem"),
    htpasswdPath: host.auth,
    httpPort: 18080,
    httpsPort: 18443,
    upstreams: {
      ui: [{ address: "127.0.0.1:3737", weight: 100 }],
      server: [{ address: "127.0.0.1:8181", weight: 100 }],
      studio: [{ address: "127.0.0.1:54323", weight: 100 }],
    },
  });
}

function run(host: Host, siteConfig: string, htpasswd: string, stdin?: string) {
  const script = renderHostNginxScript({
    sitePath: host.site,
    enabledPath: host.enabled,
    htpasswdPath: host.auth,
    htpasswdGroup: group,
  });
  const input =
    stdin ??
    renderFileBundle([
      { path: host.site, content: siteConfig },
      { path: host.auth, content: htpasswd },
    ]);
  // As the local command runs it: /bin/sh -c <script>, the bundle on standard input.
  return spawnSync("/bin/sh", ["-c", script], {
    input,
    encoding: "utf8",
    env: { PATH: `${path.join(host.dir, "bin")}:/usr/bin:/bin:/usr/sbin:/sbin` },
  });
}

beforeAll(() => {
  requireTool("nginx");
  root = fs.mkdtempSync(path.join(os.tmpdir(), "host-nginx-"));
  fs.chmodSync(root, 0o755);
  group = execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();
  selfSignedCertificate(root, "archon.test");
});

afterAll(() => {
  if (root) {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

const ENTRY = `${renderHtpasswdEntry("supabase", "first-generated-password")}\n`;
const ROTATED = `${renderHtpasswdEntry("supabase", "rotated-generated-password")}\n`;

describe("host mode: the host's nginx written by a command", () => {
  it("places the site and htpasswd file, links the site, passes nginx -t, then reloads", () => {
    const host = fakeHost();
    const result = run(host, site(host), ENTRY);
    expect(result.stderr).not.toMatch(/emerg|error/i);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(host.site, "utf8")).toBe(site(host));
    expect(fs.readFileSync(host.auth, "utf8")).toBe(ENTRY);
    // Readable by nginx's workers' group only (www-data on Debian; here the test's own group).
    expect(fs.statSync(host.auth).mode & 0o777).toBe(0o640);
    expect(fs.statSync(host.auth).gid).toBe(process.getgid?.());
    expect(fs.readlinkSync(host.enabled)).toBe(host.site);
    expect(host.calls()).toEqual(["nginx -t", "systemctl reload nginx"]);
  });

  it("keeps the previous files and does not reload when nginx -t rejects the new ones", () => {
    const host = fakeHost();
    expect(run(host, site(host), ENTRY).status).toBe(0);
    const broken = site(host, path.join(root, "missing-cert.pem"));
    const result = run(host, broken, ROTATED);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("nginx -t rejected the new configuration");
    expect(fs.readFileSync(host.site, "utf8")).toBe(site(host));
    expect(fs.readFileSync(host.auth, "utf8")).toBe(ENTRY);
    expect(fs.readlinkSync(host.enabled)).toBe(host.site);
    expect(host.calls()).toEqual(["nginx -t", "systemctl reload nginx", "nginx -t"]);
  });

  it("leaves a fresh host as it was when the first configuration is rejected", () => {
    const host = fakeHost();
    const result = run(host, site(host, path.join(root, "missing-cert.pem")), ENTRY);
    expect(result.status).toBe(1);
    expect(fs.existsSync(host.site)).toBe(false);
    expect(fs.existsSync(host.auth)).toBe(false);
    expect(fs.lstatSync(host.enabled, { throwIfNoEntry: false })).toBeUndefined();
    expect(host.calls()).not.toContain("systemctl reload nginx");
  });

  it("takes a rotated password on the next run", () => {
    const host = fakeHost();
    expect(run(host, site(host), ENTRY).status).toBe(0);
    expect(run(host, site(host), ROTATED).status).toBe(0);
    expect(fs.readFileSync(host.auth, "utf8")).toBe(ROTATED);
  });

  it("refuses standard input that is not the expected bundle, touching nothing", () => {
    const host = fakeHost();
    const swapped = renderFileBundle([
      { path: host.auth, content: ENTRY },
      { path: host.site, content: site(host) },
    ]);
    for (const stdin of ["", swapped]) {
      const result = run(host, "", "", stdin);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`expected ${host.site} on standard input`);
    }
    expect(fs.readdirSync(path.join(host.dir, "sites-available"))).toEqual([]);
    expect(host.calls()).toEqual([]);
  });

  it("places Archon's login file too, which the site's Archon server names", () => {
    const host = fakeHost();
    const archonAuth = path.join(host.dir, ".htpasswd-archon");
    const siteConfig = renderNginxSites({
      archonHost: "archon.test",
      supabaseHost: "supabase.archon.test",
      certificatePath: path.join(root, "cert.pem"),
      certificateKeyPath: path.join(root, "key.pem"),
      htpasswdPath: host.auth,
      archonLogin: { htpasswdPath: archonAuth },
      httpPort: 18080,
      httpsPort: 18443,
      upstreams: {
        ui: [{ address: "127.0.0.1:3737", weight: 100 }],
        server: [{ address: "127.0.0.1:8181", weight: 100 }],
        studio: [{ address: "127.0.0.1:54323", weight: 100 }],
      },
    });
    const archonEntry = renderHtpasswdEntry("archon", "archon-edge-password") + "\n";
    const script = renderHostNginxScript({
      sitePath: host.site,
      enabledPath: host.enabled,
      htpasswdPath: host.auth,
      htpasswdGroup: group,
      extraHtpasswdPaths: [archonAuth],
    });
    const result = spawnSync("/bin/sh", ["-c", script], {
      input: renderFileBundle([
        { path: host.site, content: siteConfig },
        { path: host.auth, content: ENTRY },
        { path: archonAuth, content: archonEntry },
      ]),
      encoding: "utf8",
      env: { PATH: `${path.join(host.dir, "bin")}:/usr/bin:/bin:/usr/sbin:/sbin` },
    });
    expect(result.stderr).not.toContain("rejected");
    expect(result.status).toBe(0);
    expect(fs.readFileSync(archonAuth, "utf8")).toBe(archonEntry);
    expect(fs.statSync(archonAuth).mode & 0o777).toBe(0o640);
    expect(fs.readFileSync(host.auth, "utf8")).toBe(ENTRY);
    expect(host.calls()).toContain("systemctl reload nginx");
  });
});
