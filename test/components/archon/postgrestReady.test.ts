import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPostDeployChecks } from "../../../components/archon/postDeployChecks";

// PostgREST's image has no shell, so nothing gates on its health; the post-deploy checks ask its
// admin server instead. Here the rendered script runs with a `docker` stand-in that runs each
// `docker exec <container> python -c` readiness probe with the local python3, against a local server
// playing PostgREST's admin /ready (503 while the schema cache loads, then 200).

const run = promisify(execFile);
let dir: string;
let server: http.Server;
let readyAfter = 0;
let requests = 0;

const FAKE_DOCKER = `#!/bin/bash
case "$1" in
  inspect)
    name="\${@: -1}"
    if [ "$name" = archon-rest ]; then echo "no-healthcheck $REST_STATE"; else echo healthy; fi ;;
  exec)
    shift 2
    # Only the readiness probe runs for real; the other probes are not under test here.
    if [ "$1" = python ] && [[ "$3" == *"/ready"* ]]; then shift; exec python3 "$@"; fi ;;
esac
exit 0
`;

async function checks(restState: string, waitSeconds: number): Promise<string> {
  const script = path.join(dir, "checks.sh");
  const port = (server.address() as AddressInfo).port;
  fs.writeFileSync(
    script,
    renderPostDeployChecks({
      containers: ["archon-postgres", "archon-rest"],
      postgresContainer: "archon-postgres",
      serverContainer: "archon-server",
      serverPort: 1,
      mcpPort: 1,
      uiContainer: "archon-ui",
      studioContainer: "archon-studio",
      postgrestAdmin: `127.0.0.1:${port}`,
      postgrestReadyWaitSeconds: waitSeconds,
    }),
  );
  const result = await run("bash", [script], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, REST_STATE: restState },
  }).catch((error: { stdout: string }) => error);
  return result.stdout;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rest-ready-"));
  fs.writeFileSync(path.join(dir, "docker"), FAKE_DOCKER, { mode: 0o755 });
  server = http.createServer((req, res) => {
    requests++;
    res.statusCode = req.url === "/ready" && requests > readyAfter ? 200 : 503;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("PostgREST readiness in the post-deploy checks", () => {
  it("waits while /ready answers 503 and passes once the schema cache is loaded", async () => {
    requests = 0;
    readyAfter = 2;
    const out = await checks("running", 30);
    expect(out).toContain("PASS PostgREST has loaded its schema cache");
    expect(out).toContain("PASS archon-rest is healthy");
    expect(requests).toBe(3);
  });

  it("fails when /ready never answers 200 within the wait", async () => {
    requests = 0;
    readyAfter = Number.MAX_SAFE_INTEGER;
    const out = await checks("running", 3);
    expect(out).toContain("FAIL PostgREST has loaded its schema cache");
  });

  it("fails a container without a health check that is not running", async () => {
    requests = 0;
    readyAfter = 0;
    const out = await checks("exited", 5);
    expect(out).toContain("FAIL archon-rest is healthy");
    expect(out).toContain("PASS archon-postgres is healthy");
  });
});
