import { execFileSync, spawn, ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as http2 from "http2";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtpasswdEntry } from "../../../components/edge/htpasswd";
import { renderNginxSites, WeightedBackend } from "../../../components/edge/nginxSites";
import {
  freePort,
  prepareNginx,
  selfSignedCertificate,
  waitForPort,
} from "../../support/localNginx";
import { requireTool } from "../../support/requireTool";

const ARCHON = "archon.test";
const SUPABASE = "supabase.archon.test";
const USER = "supabase";
const PASSWORD = "generated-Studio-password-1234";

let dir: string;
let nginxBin: string;
let nginx: ChildProcess;
const backends: http.Server[] = [];
let httpPort: number;
let httpsPort: number;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A backend that answers with its name, the path and the headers it received. */
async function backend(name: string): Promise<WeightedBackend["address"]> {
  const server = http.createServer((req, res) => {
    let received = 0;
    req.on("data", (chunk: Buffer) => (received += chunk.length));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          name,
          path: req.url,
          headers: req.headers,
          version: req.httpVersion,
          received,
        }),
      );
    });
  });
  server.on("upgrade", (req, socket) => {
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `X-Backend: ${name}\r\nX-Seen-Upgrade: ${req.headers.upgrade}\r\n\r\n`,
    );
    socket.end();
  });
  backends.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

function request(
  secure: boolean,
  host: string,
  urlPath: string,
  headers: Record<string, string> = {},
  localAddress = "127.0.0.1",
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const options = {
      host: "127.0.0.1",
      localAddress,
      port: secure ? httpsPort : httpPort,
      path: urlPath,
      headers: { host, ...headers },
      servername: host,
      rejectUnauthorized: false,
      agent: false,
    };
    const req = (secure ? https : http).request(options, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  nginxBin = requireTool("nginx");

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-"));
  fs.chmodSync(dir, 0o755);
  selfSignedCertificate(dir, ARCHON);
  fs.writeFileSync(path.join(dir, "htpasswd"), renderHtpasswdEntry(USER, PASSWORD) + "\n", {
    mode: 0o644,
  });
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  const sites = renderNginxSites({
    archonHost: ARCHON,
    supabaseHost: SUPABASE,
    certificatePath: path.join(dir, "cert.pem"),
    certificateKeyPath: path.join(dir, "key.pem"),
    htpasswdPath: path.join(dir, "htpasswd"),
    httpPort,
    httpsPort,
    upstreams: {
      ui: [
        { address: await backend("ui-a"), weight: 75 },
        { address: await backend("ui-b"), weight: 25 },
        { address: await backend("ui-old"), weight: 0 },
      ],
      server: [
        { address: await backend("server-a"), weight: 75 },
        { address: await backend("server-b"), weight: 25 },
      ],
      studio: [{ address: await backend("studio"), weight: 100 }],
    },
  });
  const { args } = prepareNginx(dir, sites);
  nginx = spawn(nginxBin, [...args, "-g", "daemon off;"], { stdio: "ignore" });
  await waitForPort(httpsPort, dir);
}, 30_000);

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.once("exit", r));
    nginx.kill("SIGQUIT");
    await exited;
  }
  await Promise.all(backends.map((b) => new Promise((r) => b.close(r))));
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("the rendered nginx edge, served by the real nginx", () => {
  it("passes nginx -t", () => {
    const out = execFileSync(
      nginxBin,
      ["-t", "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")],
      {
        stdio: "pipe",
      },
    );
    expect(out.toString()).toBe("");
  });

  it("redirects HTTP to HTTPS for both hosts", async () => {
    for (const host of [ARCHON, SUPABASE]) {
      const reply = await request(false, host, "/knowledge?x=1");
      expect(reply.status).toBe(301);
      expect(reply.headers.location).toBe(`https://${host}/knowledge?x=1`);
    }
  });

  it("routes / to the UI and /api/ and /socket.io/ to the server, paths kept", async () => {
    expect(JSON.parse((await request(true, ARCHON, "/")).body).name).toMatch(/^ui-/);
    const api = JSON.parse((await request(true, ARCHON, "/api/health")).body);
    expect(api.name).toMatch(/^server-/);
    expect(api.path).toBe("/api/health");
    expect(api.headers["x-forwarded-proto"]).toBe("https");
    expect(api.headers.host).toBe(ARCHON);
    const io = JSON.parse((await request(true, ARCHON, "/socket.io/?EIO=4")).body);
    expect(io.name).toMatch(/^server-/);
    expect(io.path).toBe("/socket.io/?EIO=4");
  });

  it("passes the WebSocket upgrade through to the backend", async () => {
    for (const urlPath of ["/socket.io/?transport=websocket", "/"]) {
      const upgraded = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = https.request({
          host: "127.0.0.1",
          port: httpsPort,
          path: urlPath,
          servername: ARCHON,
          rejectUnauthorized: false,
          agent: false,
          headers: {
            host: ARCHON,
            connection: "Upgrade",
            upgrade: "websocket",
            "sec-websocket-version": "13",
            "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
          },
        });
        req.on("upgrade", (res, socket) => {
          socket.destroy();
          resolve(res);
        });
        req.on("response", (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
        req.on("error", reject);
        req.end();
      });
      expect(upgraded.statusCode).toBe(101);
      expect(upgraded.headers["x-seen-upgrade"]).toBe("websocket");
    }
  });

  it("guards Studio with basic auth: 401 without, 401 with a wrong password, 200 with the generated one", async () => {
    expect((await request(true, SUPABASE, "/")).status).toBe(401);
    const wrong = Buffer.from(`${USER}:not-the-password`).toString("base64");
    expect((await request(true, SUPABASE, "/", { authorization: `Basic ${wrong}` })).status).toBe(
      401,
    );
    const right = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
    const reply = await request(true, SUPABASE, "/project/default", {
      authorization: `Basic ${right}`,
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ name: "studio", path: "/project/default" });
    expect((await request(true, ARCHON, "/")).status).toBe(200);
  });

  /** How many of `n` requests each backend answered. */
  async function tally(
    n: number,
    send: (i: number) => Promise<Reply>,
  ): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const name = JSON.parse((await send(i)).body).name as string;
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  }

  it("splits traffic by weight and sends none to a weight-0 backend", async () => {
    const counts = await tally(200, (i) => request(true, ARCHON, `/?n=${i}`));
    expect(counts["ui-old"]).toBeUndefined();
    expect(counts["ui-a"]).toBeGreaterThanOrEqual(140);
    expect(counts["ui-a"]).toBeLessThanOrEqual(160);
    expect(counts["ui-b"]).toBeGreaterThanOrEqual(40);
    expect(counts["ui-b"]).toBeLessThanOrEqual(60);
    const api = await tally(100, (i) => request(true, ARCHON, `/api/x?n=${i}`));
    expect(api).toEqual({ "server-a": 75, "server-b": 25 });
  });

  it("keeps each client on one server for /socket.io/, spreading clients by weight", async () => {
    // One client: every polling request of its session reaches the same backend.
    const one = await tally(30, (i) => request(true, ARCHON, `/socket.io/?EIO=4&t=${i}`));
    expect(Object.values(one)).toEqual([30]);
    // 200 clients (loopback source addresses): shared by weight, 75 to 25, roughly.
    const many = await tally(200, (i) =>
      request(
        true,
        ARCHON,
        "/socket.io/?EIO=4",
        {},
        `127.0.${1 + Math.floor(i / 100)}.${(i % 100) + 2}`,
      ),
    );
    expect(many["server-a"]).toBeGreaterThanOrEqual(120);
    expect(many["server-b"]).toBeGreaterThanOrEqual(20);
    expect(many["server-a"] + many["server-b"]).toBe(200);
  });
});

/** POSTs `size` bytes (zeros), streamed, and resolves with nginx's reply. */
function upload(host: string, size: number, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: httpsPort,
        method: "POST",
        path: "/api/upload",
        headers: { host, "content-length": String(size), ...headers },
        servername: host,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // nginx answers 413 from Content-Length alone and may close before the body is sent.
    req.on("error", (error) => (req.writableEnded ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024);
    let left = size;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!req.write(chunk.subarray(0, n))) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/** The TLS version nginx agrees to when the client offers only `version`, or the error. */
function handshake(version: tls.SecureVersion): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port: httpsPort,
      servername: ARCHON,
      rejectUnauthorized: false,
      minVersion: version,
      maxVersion: version,
      ALPNProtocols: ["h2", "http/1.1"],
    });
    socket.once("secureConnect", () => {
      resolve(`${socket.getProtocol()} ${socket.alpnProtocol}`);
      socket.destroy();
    });
    socket.once("error", (error) => resolve(`refused: ${error.message}`));
  });
}

describe("every other directive the edge renders, through the real nginx", () => {
  const MAX_BODY = 50 * 1024 * 1024;
  const studioAuth = {
    authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`,
  };

  it("takes uploads up to 50 MiB on both sites and refuses a byte more with 413", async () => {
    for (const [host, headers] of [
      [ARCHON, {}],
      [SUPABASE, studioAuth],
    ] as const) {
      const fits = await upload(host, MAX_BODY, headers);
      expect(fits.status, host).toBe(200);
      expect(JSON.parse(fits.body).received, host).toBe(MAX_BODY);
      expect((await upload(host, MAX_BODY + 1, headers)).status, host).toBe(413);
    }
  }, 120_000);

  it("tells the backend the client's address, appended to a forwarded chain", async () => {
    const direct = JSON.parse((await request(true, ARCHON, "/api/x", {}, "127.0.0.7")).body);
    expect(direct.headers["x-real-ip"]).toBe("127.0.0.7");
    expect(direct.headers["x-forwarded-for"]).toBe("127.0.0.7");
    const chained = JSON.parse(
      (
        await request(
          true,
          SUPABASE,
          "/",
          { ...studioAuth, "x-forwarded-for": "10.1.2.3" },
          "127.0.0.8",
        )
      ).body,
    );
    expect(chained.headers["x-forwarded-for"]).toBe("10.1.2.3, 127.0.0.8");
    expect(chained.headers["x-real-ip"]).toBe("127.0.0.8");
    expect(chained.headers["x-forwarded-proto"]).toBe("https");
    expect(chained.headers.host).toBe(SUPABASE);
  });

  it("speaks HTTP/1.1 to every upstream (keep-alive, chunked bodies)", async () => {
    for (const [host, urlPath, headers] of [
      [ARCHON, "/", {}],
      [ARCHON, "/api/x", {}],
      [ARCHON, "/socket.io/?EIO=4", {}],
      [SUPABASE, "/", studioAuth],
    ] as const) {
      expect(JSON.parse((await request(true, host, urlPath, headers)).body).version, urlPath).toBe(
        "1.1",
      );
    }
  });

  it("negotiates HTTP/2 over TLS 1.2 and 1.3, and refuses TLS 1.1", async () => {
    expect(await handshake("TLSv1.3")).toBe("TLSv1.3 h2");
    expect(await handshake("TLSv1.2")).toBe("TLSv1.2 h2");
    expect(await handshake("TLSv1.1")).toMatch(/^refused/);
    const session = http2.connect(`https://127.0.0.1:${httpsPort}`, {
      servername: ARCHON,
      rejectUnauthorized: false,
    });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ":path": "/api/h2", ":authority": ARCHON });
        let text = "";
        stream.on("data", (chunk) => (text += chunk));
        stream.on("end", () => resolve(text));
        stream.on("error", reject);
      });
      expect(JSON.parse(body)).toMatchObject({ path: "/api/h2", version: "1.1" });
    } finally {
      session.close();
    }
  });
});
