import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPostDeployChecks } from "../../../components/archon/postDeployChecks";
import { requireTool } from "../../support/requireTool";

const SERVICE_KEY = "service-role-key-for-the-test";
let dir: string;
let server: http.Server;
let port: number;
let tablePresent = true;
const seen: { path: string; apikey?: string; authorization?: string }[] = [];

// A `docker` that runs the probes through Kong (`docker exec <container> cmd...` reading
// SUPABASE_URL) as cmd on this machine, so the check's own Python runs for real against the
// stand-in Kong below. The other probes are not under test here and pass.
const RUN_LOCALLY = `#!/bin/bash
case "$1" in
  inspect) echo healthy ;;
  exec) shift 2; if [[ "$*" == *SUPABASE_URL* ]]; then exec "$@"; fi ;;
esac
exit 0
`;

function runChecks(): Promise<string> {
  const script = path.join(dir, "checks.sh");
  fs.writeFileSync(
    script,
    renderPostDeployChecks({
      containers: [],
      postgresContainer: "archon-postgres",
      serverContainer: "archon-server",
      serverPort: 8181,
      mcpPort: 8051,
      uiContainer: "archon-ui",
      studioContainer: "archon-studio",
      // Not under test here: fail it at once.
      postgrestAdmin: "127.0.0.1:9",
      postgrestReadyWaitSeconds: 0,
    }),
  );
  return new Promise((resolve) => {
    const child = spawn("bash", [script], {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        SUPABASE_URL: `http://127.0.0.1:${port}`,
        SUPABASE_SERVICE_KEY: SERVICE_KEY,
      },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("close", () => resolve(out));
  });
}

beforeAll(async () => {
  const python = requireTool("python3");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "settings-check-"));
  fs.writeFileSync(path.join(dir, "docker"), RUN_LOCALLY, { mode: 0o755 });
  fs.symlinkSync(python, path.join(dir, "python"));
  // PostgREST's answers through Kong: 200 for the root, 404 for a table that does not exist.
  server = http.createServer((req, res) => {
    seen.push({
      path: req.url ?? "",
      apikey: req.headers.apikey as string | undefined,
      authorization: req.headers.authorization,
    });
    const table = (req.url ?? "").startsWith("/rest/v1/archon_settings");
    res.statusCode = table && !tablePresent ? 404 : 200;
    res.end(table && !tablePresent ? '{"code":"PGRST205"}' : "[]");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("post-deploy check of Archon's schema through Kong", () => {
  it("passes when archon_settings answers, asking with the service key", async () => {
    tablePresent = true;
    const out = await runChecks();
    expect(out).toContain("PASS archon_settings through Kong");
    const query = seen.find((s) => s.path.startsWith("/rest/v1/archon_settings"));
    expect(query).toMatchObject({
      apikey: SERVICE_KEY,
      authorization: `Bearer ${SERVICE_KEY}`,
    });
  });

  it("fails when the table is missing, though PostgREST's root still answers", async () => {
    tablePresent = false;
    const out = await runChecks();
    expect(out).toContain("PASS PostgREST through Kong with the service key");
    expect(out).toContain("FAIL archon_settings through Kong");
  });
});
