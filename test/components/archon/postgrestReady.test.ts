import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { afterAll, describe, expect, it } from "vitest";
import { renderPostDeployChecks } from "../../../components/archon/postDeployChecks";

// PostgREST's image has no shell, so nothing gates on its health; the post-deploy checks ask its
// admin server instead. Here the rendered script runs with a `docker` stand-in that runs each
// `docker exec <container> python -c` readiness probe with the local python3, against a local server
// playing PostgREST's admin /ready (503 while the schema cache loads, then 200).

const run = promisify(execFile);

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

/** A PostgREST admin server that answers /ready with 503 until `readyAfter` requests. */
interface FakePostgrest {
  requests(): number;
  checks(restState: string, waitSeconds: number): Promise<string>;
}

const servers: http.Server[] = [];
const dirs: string[] = [];

// Each test has its own server and folder: the tests wait on the probe's pauses, side by side.
async function fakePostgrest(readyAfter: number): Promise<FakePostgrest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rest-ready-"));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, "docker"), FAKE_DOCKER, { mode: 0o755 });
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    res.statusCode = req.url === "/ready" && requests > readyAfter ? 200 : 503;
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    requests: () => requests,
    checks: async (restState, waitSeconds) => {
      const script = path.join(dir, "checks.sh");
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
    },
  };
}

afterAll(() => {
  servers.forEach((server) => server.close());
  dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

describe("PostgREST readiness in the post-deploy checks", () => {
  it.concurrent(
    "waits while /ready answers 503 and passes once the schema cache is loaded",
    async () => {
      const rest = await fakePostgrest(2);
      const out = await rest.checks("running", 30);
      expect(out).toContain("PASS PostgREST has loaded its schema cache");
      expect(out).toContain("PASS archon-rest is healthy");
      expect(rest.requests()).toBe(3);
    },
  );

  it.concurrent("fails when /ready never answers 200 within the wait", async () => {
    const rest = await fakePostgrest(Number.MAX_SAFE_INTEGER);
    const out = await rest.checks("running", 3);
    expect(out).toContain("FAIL PostgREST has loaded its schema cache");
  });

  it.concurrent("fails a container without a health check that is not running", async () => {
    const rest = await fakePostgrest(0);
    const out = await rest.checks("exited", 5);
    expect(out).toContain("FAIL archon-rest is healthy");
    expect(out).toContain("PASS archon-postgres is healthy");
  });
});
