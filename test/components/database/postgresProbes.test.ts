import { spawnSync } from "child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordedResource, SynthResult } from "../../../scripts/lib/synthesize";
import { containersByName } from "../../stacks/archonProd/archonProdFixture";
import { synthServices, TYPES } from "../../stacks/sector7Services/servicesFixture";
import { EmbeddedPostgres, startEmbeddedPostgres } from "../../support/embeddedPostgres";
import { findBinary } from "../../support/localPostgres";
import { plainInputs, synthProjectStack } from "../../support/synthFixture";

/** A PostgreSQL 17 server on TCP (ready), and one still on its socket only (the init server). */
let ready: EmbeddedPostgres;
let initOnly: EmbeddedPostgres;
let services: SynthResult;
let archon: SynthResult;

beforeAll(async () => {
  ready = startEmbeddedPostgres({ superuser: "postgres" });
  initOnly = startEmbeddedPostgres({ superuser: "supabase_admin", tcp: false });
  services = await synthServices();
  archon = await synthProjectStack("archon-prod");
}, 180_000);

afterAll(() => {
  ready?.stop();
  initOnly?.stop();
});

/** Runs a probe's argv inside "the container": the database's port is the server's. */
function exitCode(argv: readonly string[], server: EmbeddedPostgres): number | null {
  const [tool, ...args] = argv;
  return spawnSync(findBinary(tool), args, {
    env: { ...process.env, PGPORT: String(server.port) },
    timeout: 30_000,
  }).status;
}

const POSTGRES_IMAGE = /(^|\/)(postgres|pgvector|postgis)[:/@]|supabase\/postgres:/;

/** The server containers of every StatefulSet that runs a PostgreSQL image. */
function postgresServers(stack: SynthResult): { name: string; container: any }[] {
  return stack.resources
    .filter((r: RecordedResource) => r.type === TYPES.statefulSet)
    .flatMap((r) => {
      const meta = plainInputs(r).metadata;
      return (plainInputs(r).spec.template.spec.containers as any[])
        .filter((c) => POSTGRES_IMAGE.test(c.image))
        .map((container) => ({ name: `${meta.namespace}/${meta.name}`, container }));
    });
}

describe("the PostgreSQL health checks, run against a real PostgreSQL 17", () => {
  it("kubernetes: every probe of every Postgres StatefulSet passes only once TCP is served", () => {
    const servers = postgresServers(services);
    expect(servers.map((s) => s.name).sort()).toEqual(
      ["appflowy/appflowy-postgres", "supabase/supabase-db"].sort(),
    );
    for (const { name, container } of servers) {
      for (const kind of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const command = container[kind]?.exec?.command as string[] | undefined;
        expect(command, `${name} ${kind} runs a command`).toBeDefined();
        expect(exitCode(command!, ready), `${name} ${kind} on a ready server`).toBe(0);
        expect(exitCode(command!, initOnly), `${name} ${kind} on the init server`).not.toBe(0);
      }
    }
  });

  it("docker: archon-prod's Postgres health check passes only once TCP is served", () => {
    // The server, not the backup container that borrows the image for pg_dump.
    const runsServer = (command: string[] | undefined) => !command || command[0] === "postgres";
    const postgres = [...containersByName(archon).values()].filter(
      (c) => POSTGRES_IMAGE.test(plainInputs(c).image) && runsServer(plainInputs(c).command),
    );
    expect(postgres.map((c) => plainInputs(c).name)).toEqual(["archon-postgres"]);
    const tests = plainInputs(postgres[0]).healthcheck.tests as string[];
    // "CMD": Docker runs the argv as is, no shell.
    expect(tests[0]).toBe("CMD");
    expect(exitCode(tests.slice(1), ready)).toBe(0);
    expect(exitCode(tests.slice(1), initOnly)).not.toBe(0);
  });
});
