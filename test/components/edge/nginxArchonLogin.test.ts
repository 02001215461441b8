import { spawn, ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { edgeProbe } from "../../../components/archon/postDeployChecks";
import { renderHtpasswdEntry } from "../../../components/edge/htpasswd";
import { renderNginxSites } from "../../../components/edge/nginxSites";
import {
  freePort,
  prepareNginx,
  selfSignedCertificate,
  waitForPort,
} from "../../support/localNginx";
import { requireTool } from "../../support/requireTool";

const ARCHON = "archon.test";
const USER = "archon";
const PASSWORD = "generated-Archon-password-5678";

interface Edge {
  dir: string;
  nginx: ChildProcess;
  httpsPort: number;
}

let nginxBin: string;
let backend: http.Server;
let backendAddress: string;
let upstreamEdge: Edge;
let forkEdge: Edge;

/** The real nginx serving the rendered sites, with or without Archon's edge login. */
async function startEdge(withLogin: boolean): Promise<Edge> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-login-"));
  fs.chmodSync(dir, 0o755);
  selfSignedCertificate(dir, ARCHON);
  fs.writeFileSync(path.join(dir, "htpasswd-studio"), renderHtpasswdEntry("supabase", "x") + "\n");
  fs.writeFileSync(path.join(dir, "htpasswd-archon"), renderHtpasswdEntry(USER, PASSWORD) + "\n");
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const sites = renderNginxSites({
    archonHost: ARCHON,
    supabaseHost: `supabase.${ARCHON}`,
    certificatePath: path.join(dir, "cert.pem"),
    certificateKeyPath: path.join(dir, "key.pem"),
    htpasswdPath: path.join(dir, "htpasswd-studio"),
    archonLogin: withLogin ? { htpasswdPath: path.join(dir, "htpasswd-archon") } : undefined,
    httpPort,
    httpsPort,
    upstreams: {
      ui: [{ address: backendAddress, weight: 100 }],
      server: [{ address: backendAddress, weight: 100 }],
      studio: [{ address: backendAddress, weight: 100 }],
    },
  });
  const { args } = prepareNginx(dir, sites);
  const nginx = spawn(nginxBin, [...args, "-g", "daemon off;"], { stdio: "ignore" });
  await waitForPort(httpsPort, dir);
  return { dir, nginx, httpsPort };
}

async function stopEdge(edge: Edge | undefined): Promise<void> {
  if (!edge) {
    return;
  }
  if (edge.nginx.exitCode === null) {
    const exited = new Promise((r) => edge.nginx.once("exit", r));
    edge.nginx.kill("SIGQUIT");
    await exited;
  }
  fs.rmSync(edge.dir, { recursive: true, force: true });
}

function get(
  edge: Edge,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: edge.httpsPort,
        path: urlPath,
        headers: { host: ARCHON, ...headers },
        servername: ARCHON,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

beforeAll(async () => {
  nginxBin = requireTool("nginx");
  // Archon's stand-in: echoes the path and the Authorization header it received.
  backend = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ path: req.url, authorization: req.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  backendAddress = `127.0.0.1:${(backend.address() as net.AddressInfo).port}`;
  upstreamEdge = await startEdge(true);
  forkEdge = await startEdge(false);
}, 60_000);

afterAll(async () => {
  await stopEdge(upstreamEdge);
  await stopEdge(forkEdge);
  if (backend) {
    await new Promise((r) => backend.close(r));
  }
});

describe("Archon's edge login, served by the real nginx", () => {
  it("upstream Archon: 401 without credentials on /, /api/ and /socket.io/, asking for Basic", async () => {
    for (const urlPath of ["/", "/api/credentials", "/socket.io/?EIO=4"]) {
      const reply = await get(upstreamEdge, urlPath);
      expect(reply.status, urlPath).toBe(401);
      expect(reply.headers["www-authenticate"], urlPath).toBe('Basic realm="Archon"');
      expect(reply.body, urlPath).not.toContain("authorization");
    }
  });

  it("upstream Archon: a Bearer key or a wrong password is not a login", async () => {
    expect(
      (await get(upstreamEdge, "/api/health", { authorization: "Bearer ak_123" })).status,
    ).toBe(401);
    const wrong = await get(upstreamEdge, "/api/health", { authorization: basic(USER, "nope") });
    expect(wrong.status).toBe(401);
  });

  it("upstream Archon: the right login passes, and the credentials stop at nginx", async () => {
    for (const urlPath of ["/", "/api/health"]) {
      const reply = await get(upstreamEdge, urlPath, { authorization: basic(USER, PASSWORD) });
      expect(reply.status, urlPath).toBe(200);
      expect(JSON.parse(reply.body), urlPath).toEqual({ path: urlPath, authorization: null });
    }
  });

  it("self-authenticating Archon: a Bearer request reaches the backend untouched", async () => {
    for (const urlPath of ["/api/auth/validate", "/"]) {
      const reply = await get(forkEdge, urlPath, { authorization: "Bearer ak_live_key_1234" });
      expect(reply.status, urlPath).toBe(200);
      expect(JSON.parse(reply.body), urlPath).toEqual({
        path: urlPath,
        authorization: "Bearer ak_live_key_1234",
      });
    }
  });

  it("the post-deploy edge probe tells a login from an open Archon", async () => {
    const python = requireTool("python3");
    // Asynchronous: the stand-in backend answers from this process's event loop.
    const probe = (edge: Edge, expected: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(python, [
          "-c",
          edgeProbe("127.0.0.1", edge.httpsPort, true, ARCHON, expected),
        ]);
        child.on("close", resolve);
      });
    expect(await probe(upstreamEdge, 401)).toBe(0);
    expect(await probe(upstreamEdge, 200)).toBe(1);
    expect(await probe(forkEdge, 200)).toBe(0);
    expect(await probe(forkEdge, 401)).toBe(1);
  });
});
