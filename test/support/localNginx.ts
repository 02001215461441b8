import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { requireTool } from "./requireTool";

/**
 * Lays out an nginx that runs unprivileged in `dir` and serves `sites` (what the program
 * renders for `conf.d/`), and checks it with `nginx -t`, as the host mode does before a reload.
 * Returns the binary and the arguments to start it with (`-g "daemon off;"` added by the caller).
 */
export function prepareNginx(dir: string, sites: string): { bin: string; args: string[] } {
  const bin = requireTool("nginx");
  fs.writeFileSync(path.join(dir, "sites.conf"), sites);
  const temp = path.join(dir, "temp");
  fs.mkdirSync(temp, { recursive: true, mode: 0o777 });
  fs.chmodSync(temp, 0o777);
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 128; }
http {
    access_log off;
    client_body_temp_path ${temp}/body;
    proxy_temp_path ${temp}/proxy;
    fastcgi_temp_path ${temp}/fastcgi;
    uwsgi_temp_path ${temp}/uwsgi;
    scgi_temp_path ${temp}/scgi;
    include ${dir}/sites.conf;
}
`,
  );
  const args = ["-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")];
  execFileSync(bin, ["-t", ...args], { stdio: "pipe" });
  return { bin, args };
}

/** A throwaway self-signed certificate for `commonName`: `cert.pem` and `key.pem` in `dir`. */
export function selfSignedCertificate(dir: string, commonName: string): void {
  execFileSync(
    requireTool("openssl"),
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${commonName}`,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "pipe" },
  );
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until nginx (laid out in `dir` by prepareNginx) accepts on `port`; fails with its log. */
export async function waitForPort(port: number, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `nginx did not listen on ${port}:\n${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`,
  );
}
