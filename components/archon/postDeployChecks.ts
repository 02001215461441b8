import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";

/** What the checks need to know about the deployment. */
export interface PostDeployCheckTargets {
  /** Every container that must be running and healthy. */
  readonly containers: readonly string[];
  readonly postgresContainer: string;
  readonly serverContainer: string;
  readonly serverPort: number;
  readonly mcpPort: number;
  readonly uiContainer: string;
  readonly studioContainer: string;
  /** PostgREST's admin server as the server container reaches it, e.g. `rest:3001`. */
  readonly postgrestAdmin: string;
  /** How long to wait for PostgREST's /ready. Default: {@link POSTGREST_READY_WAIT_SECONDS}. */
  readonly postgrestReadyWaitSeconds?: number;
  /** The nginx edge container, when there is one (seed 000's "external access" step). */
  readonly edge?: EdgeCheckTarget;
}

/** The edge as the checks reach it from inside the network. */
export interface EdgeCheckTarget {
  /** Its name on the network, e.g. `archon-nginx`. */
  readonly address: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly archonHost: string;
  readonly supabaseHost: string;
  /**
   * What Archon's host answers a request without credentials: 401 behind the edge login
   * (upstream Archon), 200 for a self-authenticating Archon's UI. Default 200.
   */
  readonly archonStatus?: number;
}

/**
 * Python (standard library only) that asks nginx at `address:port` for `/` under the virtual
 * host `host` and exits 0 only on the expected status. No redirects are followed and the
 * certificate is not verified: this checks the routing, from inside the network.
 */
export function edgeProbe(
  address: string,
  port: number,
  tls: boolean,
  host: string,
  expected: number,
): string {
  const connection = tls
    ? `h.HTTPSConnection(${JSON.stringify(address)}, ${port}, timeout=10, context=ssl._create_unverified_context())`
    : `h.HTTPConnection(${JSON.stringify(address)}, ${port}, timeout=10)`;
  return [
    "import http.client as h, ssl, sys",
    `c = ${connection}`,
    `c.request('GET', '/', headers={'Host': ${JSON.stringify(host)}})`,
    `sys.exit(0 if c.getresponse().status == ${expected} else 1)`,
  ].join("\n");
}

/** How long the checks wait for PostgREST's schema cache (it has no Docker health gate). */
export const POSTGREST_READY_WAIT_SECONDS = 120;

/** The quote a POSIX shell leaves untouched. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Seed 000's phase-6 verification as a script: every container healthy, Postgres answering,
 * PostgREST's schema cache loaded, the server's and MCP's health endpoints, the UI, PostgREST through Kong with the service key
 * (read inside archon-server, so the key never appears on a command line), Studio, and the nginx
 * edge as a browser would meet it (redirect, Archon, Studio's password prompt). Runs every
 * check, then exits 1 if any failed.
 */
export function renderPostDeployChecks(t: PostDeployCheckTargets): string {
  const py = (code: string) => `docker exec ${t.serverContainer} python -c ${shellQuote(code)}`;
  const checks: [string, string][] = [
    // A container whose image cannot run a health check (PostgREST) counts when running; its
    // readiness is asked below.
    ...t.containers.map((name): [string, string] => [
      `${name} is healthy`,
      `case "$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck {{.State.Status}}{{end}}' ${name})" in healthy|"no-healthcheck running") true ;; *) false ;; esac`,
    ]),
    [
      "PostgREST has loaded its schema cache (admin /ready)",
      py(
        "import time, urllib.request as u\n" +
          `deadline = time.time() + ${t.postgrestReadyWaitSeconds ?? POSTGREST_READY_WAIT_SECONDS}\n` +
          "while True:\n" +
          "    try:\n" +
          `        u.urlopen('http://${t.postgrestAdmin}/ready', timeout=5); break\n` +
          "    except Exception:\n" +
          "        if time.time() > deadline: raise\n" +
          "        time.sleep(2)",
      ),
    ],
    [
      "Postgres answers",
      `docker exec ${t.postgresContainer} psql -U postgres -tAc 'SELECT 1' | grep -qx 1`,
    ],
    [
      "archon-server /health",
      py(
        `import urllib.request; urllib.request.urlopen('http://localhost:${t.serverPort}/health', timeout=10)`,
      ),
    ],
    [
      "archon-mcp answers",
      py(
        `import socket; socket.create_connection(('archon-mcp', ${t.mcpPort}), timeout=10).close()`,
      ),
    ],
    [
      "archon-ui answers",
      `docker exec ${t.uiContainer} curl -fsS -o /dev/null http://localhost:3737`,
    ],
    [
      "PostgREST through Kong with the service key",
      py(
        "import os, urllib.request as u; k = os.environ['SUPABASE_SERVICE_KEY']; " +
          "u.urlopen(u.Request(os.environ['SUPABASE_URL'] + '/rest/v1/', " +
          "headers={'apikey': k, 'Authorization': 'Bearer ' + k}), timeout=10)",
      ),
    ],
    // Seed 003's check: Archon's own table through Kong, so a missing schema fails here.
    [
      "archon_settings through Kong",
      py(
        "import os, urllib.request as u; k = os.environ['SUPABASE_SERVICE_KEY']; " +
          "u.urlopen(u.Request(os.environ['SUPABASE_URL'] + '/rest/v1/archon_settings?select=key&limit=1', " +
          "headers={'apikey': k, 'Authorization': 'Bearer ' + k}), timeout=10)",
      ),
    ],
    [
      "Studio answers",
      `docker exec ${t.studioContainer} node -e ${shellQuote(
        "require('http').get('http://'+require('os').hostname()+':3000/api/platform/profile',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))",
      )}`,
    ],
    ...(t.edge
      ? ([
          [
            `edge redirects http://${t.edge.archonHost} to https`,
            py(edgeProbe(t.edge.address, t.edge.httpPort, false, t.edge.archonHost, 301)),
          ],
          [
            (t.edge.archonStatus ?? 200) === 401
              ? `edge asks for Archon's login at https://${t.edge.archonHost}`
              : `edge serves Archon at https://${t.edge.archonHost}`,
            py(
              edgeProbe(
                t.edge.address,
                t.edge.httpsPort,
                true,
                t.edge.archonHost,
                t.edge.archonStatus ?? 200,
              ),
            ),
          ],
          [
            `edge asks for Studio's password at https://${t.edge.supabaseHost}`,
            py(edgeProbe(t.edge.address, t.edge.httpsPort, true, t.edge.supabaseHost, 401)),
          ],
        ] as [string, string][])
      : []),
  ];
  const body = checks
    .map(
      ([what, test]) =>
        `if ${test} >/dev/null 2>&1; then echo "PASS ${what}"; else echo "FAIL ${what}"; failed=$((failed + 1)); fi`,
    )
    .join("\n");
  return `#!/bin/bash
# Rendered by Pulumi (PostDeployChecks): seed 000's phase-6 verification.
failed=0
${body}
if [ "$failed" -gt 0 ]; then
  echo "$failed post-deploy check(s) failed" >&2
  exit 1
fi
echo "all post-deploy checks passed"
`;
}

export interface PostDeployChecksArgs {
  readonly targets: pulumi.Input<PostDeployCheckTargets>;
  /** Docker daemon the checks talk to (`DOCKER_HOST`); default: the local environment's. */
  readonly dockerHost?: string;
  /** The containers whose change re-runs the checks. */
  readonly containers: readonly pulumi.Resource[];
  /** Their IDs; a replaced container has a new ID, which re-runs the checks. */
  readonly containerIds: readonly pulumi.Input<string>[];
}

/** Runs the checks after the containers change and fails the update when one fails. */
export class PostDeployChecks extends pulumi.ComponentResource {
  readonly script: pulumi.Output<string>;
  readonly command: command.local.Command;

  constructor(name: string, args: PostDeployChecksArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:checks:PostDeployChecks", name, {}, opts);
    this.script = pulumi
      .output(args.targets)
      .apply((targets) => renderPostDeployChecks(targets as PostDeployCheckTargets));
    this.command = new command.local.Command(
      `${name}-run`,
      {
        create: this.script,
        interpreter: ["/bin/bash", "-c"],
        environment: args.dockerHost ? { DOCKER_HOST: args.dockerHost } : undefined,
        triggers: [...args.containerIds],
      },
      { parent: this, dependsOn: [...args.containers] },
    );
    this.registerOutputs({ script: this.script });
  }
}
