import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CertbotScriptOptions,
  renderBootstrapScript,
  renderCycleScript,
} from "../../../components/edge/certbotScripts";
import { renderNginxSites } from "../../../components/edge/nginxSites";
import { freePort, prepareNginx, waitForPort } from "../../support/localNginx";
import { requireTool } from "../../support/requireTool";

// The certbot scripts as the container runs them (busybox sh there, sh here; the real openssl)
// and the real nginx serving the rendered edge: the self-signed stand-in lets nginx start, the
// ACME path is served over HTTP while the rest redirects, a certificate certbot writes replaces
// the stand-in, and SIGHUP to nginx's master (the deploy hook) makes nginx serve it.

const ARCHON = "archon.test";
const SUPABASE = "supabase.archon.test";

let root: string;
let openssl: string;

function options(dir: string, extra: Partial<CertbotScriptOptions> = {}): CertbotScriptOptions {
  return {
    certName: ARCHON,
    domains: [ARCHON, SUPABASE],
    configDir: dir,
    webroot: path.join(dir, "acme-webroot"),
    staging: false,
    ...extra,
  };
}

/** A fake `certbot` that records its arguments and, on certonly, writes a real certificate. */
function fakeCertbot(dir: string, fail = false): string {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "certbot"),
    `#!/bin/sh
printf '%s\\n' "$*" >> ${dir}/certbot.log
${fail ? "exit 1" : ""}
if [ "$1" = certonly ]; then
  live=${dir}/live/${ARCHON}
  [ ! -e "$live" ] || { echo "live directory exists for ${ARCHON}" >&2; exit 1; }
  mkdir -p "$live"
  ${openssl} req -x509 -nodes -newkey rsa:2048 -days 90 -subj /CN=issued-by-certbot \\
    -keyout "$live/privkey.pem" -out "$live/fullchain.pem" 2>/dev/null
fi
`,
    { mode: 0o755 },
  );
  return bin;
}

function sh(script: string, bin?: string) {
  return spawnSync("sh", ["-c", script], {
    encoding: "utf8",
    env: { ...process.env, PATH: bin ? `${bin}:${process.env.PATH}` : process.env.PATH },
  });
}

function subjectOf(file: string): string {
  return execFileSync(openssl, ["x509", "-noout", "-subject", "-in", file], { encoding: "utf8" });
}

function servedSubject(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: "127.0.0.1", port, servername: ARCHON, rejectUnauthorized: false },
      () => {
        const cn = socket.getPeerCertificate().subject.CN;
        socket.end();
        resolve(String(cn));
      },
    );
    socket.on("error", reject);
  });
}

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: urlPath, headers: { host: ARCHON } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

beforeAll(() => {
  openssl = requireTool("openssl");

  root = fs.mkdtempSync(path.join(os.tmpdir(), "certbot-"));
  fs.chmodSync(root, 0o755);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("certbot's bootstrap", () => {
  it("writes a self-signed stand-in when there is no certificate", () => {
    const dir = fs.mkdtempSync(path.join(root, "fresh-"));
    const run = sh(renderBootstrapScript(options(dir)));
    expect(run.status).toBe(0);
    const live = path.join(dir, "live", ARCHON);
    expect(subjectOf(path.join(live, "fullchain.pem"))).toContain(ARCHON);
    expect(fs.existsSync(path.join(live, "privkey.pem"))).toBe(true);
    expect(fs.existsSync(path.join(live, ".self-signed"))).toBe(true);
    expect(fs.statSync(path.join(dir, "acme-webroot")).isDirectory()).toBe(true);
  });

  it("leaves an existing certificate as it is", () => {
    const dir = fs.mkdtempSync(path.join(root, "existing-"));
    const live = path.join(dir, "live", ARCHON);
    fs.mkdirSync(live, { recursive: true });
    fs.writeFileSync(path.join(live, "fullchain.pem"), "the host's certificate");
    const run = sh(renderBootstrapScript(options(dir)));
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(live, "fullchain.pem"), "utf8")).toBe(
      "the host's certificate",
    );
    expect(fs.existsSync(path.join(live, ".self-signed"))).toBe(false);
  });
});

describe("certbot's renewal pass", () => {
  it("requests the first certificate through the webroot in place of the stand-in", () => {
    const dir = fs.mkdtempSync(path.join(root, "issue-"));
    sh(renderBootstrapScript(options(dir)));
    const run = sh(renderCycleScript(options(dir, { email: "ops@example.com" })), fakeCertbot(dir));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const [args] = fs.readFileSync(path.join(dir, "certbot.log"), "utf8").trim().split("\n");
    expect(args).toContain("certonly");
    expect(args).toContain(`--webroot -w ${dir}/acme-webroot`);
    expect(args).toContain(`--cert-name ${ARCHON} -d ${ARCHON} -d ${SUPABASE}`);
    expect(args).toContain("--deploy-hook kill -HUP 1");
    expect(args).toContain("--email ops@example.com --no-eff-email");
    expect(args).not.toContain("--staging");
    const live = path.join(dir, "live", ARCHON);
    expect(subjectOf(path.join(live, "fullchain.pem"))).toContain("issued-by-certbot");
    expect(fs.existsSync(path.join(live, ".self-signed"))).toBe(false);
    expect(fs.existsSync(`${live}.self-signed`)).toBe(false);
  });

  it("puts the stand-in back when certbot fails, so nginx still finds a certificate", () => {
    const dir = fs.mkdtempSync(path.join(root, "failed-"));
    sh(renderBootstrapScript(options(dir)));
    const before = fs.readFileSync(path.join(dir, "live", ARCHON, "fullchain.pem"), "utf8");
    const run = sh(renderCycleScript(options(dir)), fakeCertbot(dir, true));
    expect(run.status).not.toBe(0);
    expect(fs.readFileSync(path.join(dir, "live", ARCHON, "fullchain.pem"), "utf8")).toBe(before);
    expect(fs.existsSync(path.join(dir, "live", ARCHON, ".self-signed"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "certbot.log"), "utf8")).toContain(
      "--register-unsafely-without-email",
    );
  });

  it("renews (staging issuer when configured) once a real certificate exists", () => {
    const dir = fs.mkdtempSync(path.join(root, "renew-"));
    const run = sh(renderCycleScript(options(dir, { staging: true })), fakeCertbot(dir));
    expect(run.status).toBe(0);
    const args = fs.readFileSync(path.join(dir, "certbot.log"), "utf8").trim();
    expect(args).toMatch(/^renew /);
    expect(args).toContain("--staging");
    expect(args).toContain("--deploy-hook kill -HUP 1");
  });
});

describe("switching issuers", () => {
  it("re-issues at once from production when the lineage came from staging", () => {
    const dir = fs.mkdtempSync(path.join(root, "switch-"));
    fs.mkdirSync(path.join(dir, "renewal"));
    fs.writeFileSync(
      path.join(dir, "renewal", `${ARCHON}.conf`),
      "server = https://acme-staging-v02.api.letsencrypt.org/directory\n",
    );
    const bin = fakeCertbot(dir);
    expect(sh(renderCycleScript(options(dir, { staging: true })), bin).status).toBe(0);
    expect(sh(renderCycleScript(options(dir)), bin).status).toBe(0);
    const [staying, switching] = fs
      .readFileSync(path.join(dir, "certbot.log"), "utf8")
      .trim()
      .split("\n");
    expect(staying).toMatch(/^renew /);
    expect(switching).toMatch(/^certonly .*--force-renewal$/);
    expect(switching).not.toContain("--staging");
  });
});

describe("the edge with certbot, on the real nginx", () => {
  let nginx: ChildProcess;
  let dir: string;
  let httpPort: number;
  let httpsPort: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(root, "edge-"));
    fs.chmodSync(dir, 0o755);
    sh(renderBootstrapScript(options(dir)));
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    const live = path.join(dir, "live", ARCHON);
    fs.writeFileSync(path.join(dir, "htpasswd"), "");
    const { bin, args } = prepareNginx(
      dir,
      renderNginxSites({
        archonHost: ARCHON,
        supabaseHost: SUPABASE,
        certificatePath: path.join(live, "fullchain.pem"),
        certificateKeyPath: path.join(live, "privkey.pem"),
        htpasswdPath: path.join(dir, "htpasswd"),
        acmeWebroot: path.join(dir, "acme-webroot"),
        httpPort,
        httpsPort,
        upstreams: {
          ui: [{ address: "127.0.0.1:9", weight: 100 }],
          server: [{ address: "127.0.0.1:9", weight: 100 }],
          studio: [{ address: "127.0.0.1:9", weight: 100 }],
        },
      }),
    );
    nginx = spawn(bin, [...args, "-g", "daemon off;"], { stdio: "ignore" });
    for (let i = 0; i < 100 && !fs.existsSync(path.join(dir, "nginx.pid")); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitForPort(httpPort, dir);
    await waitForPort(httpsPort, dir);
  }, 30_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once("exit", r));
      nginx.kill("SIGQUIT");
      await exited;
    }
  });

  it("starts on the self-signed stand-in", async () => {
    expect(await servedSubject(httpsPort)).toBe(ARCHON);
  });

  it("serves the HTTP-01 challenge over HTTP and redirects everything else", async () => {
    const challenge = path.join(dir, "acme-webroot", ".well-known", "acme-challenge");
    fs.mkdirSync(challenge, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(challenge, "tok3n"), "tok3n.thumbprint", { mode: 0o644 });
    expect(await get(httpPort, "/.well-known/acme-challenge/tok3n")).toEqual({
      status: 200,
      body: "tok3n.thumbprint",
    });
    expect((await get(httpPort, "/api/health")).status).toBe(301);
  });

  it("serves certbot's certificate after the deploy hook's SIGHUP to the master", async () => {
    const run = sh(renderCycleScript(options(dir)), fakeCertbot(dir));
    expect(run.status).toBe(0);
    // The hook is `kill -HUP 1`: PID 1 of nginx's namespace is its master; here it is this one.
    process.kill(Number(fs.readFileSync(path.join(dir, "nginx.pid"), "utf8")), "SIGHUP");
    let subject = "";
    for (let i = 0; i < 50 && subject !== "issued-by-certbot"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      subject = await servedSubject(httpsPort);
    }
    expect(subject).toBe("issued-by-certbot");
  });
});
