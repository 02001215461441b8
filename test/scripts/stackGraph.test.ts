import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderDot, renderMermaid } from "../../scripts/lib/graphRender";
import { buildStackGraph, StackGraph } from "../../scripts/lib/stackGraph";
import { SynthResult } from "../../scripts/lib/synthesize";
import { requireTool } from "../support/requireTool";
import { PROJECT_DIR, synthProjectStack } from "../support/synthFixture";

const GRAPHS = path.join(PROJECT_DIR, "docs", "graphs");

let archon: SynthResult;
let sector7: SynthResult;
let archonGraph: StackGraph;
let sector7Graph: StackGraph;

beforeAll(async () => {
  archon = await synthProjectStack("archon-prod");
  archonGraph = buildStackGraph(archon);
  sector7 = await synthProjectStack("sector7");
  sector7Graph = buildStackGraph(sector7);
});

function nodeOf(graph: StackGraph, resourceName: string) {
  const found = graph.nodes.filter((n) => n.urn.endsWith(`::${resourceName}`));
  expect(found, resourceName).toHaveLength(1);
  return found[0];
}

function edge(graph: StackGraph, from: string, to: string) {
  const [a, b] = [nodeOf(graph, from).id, nodeOf(graph, to).id];
  return graph.edges.find((e) => e.from === a && e.to === b);
}

/** The cluster labels from a node's component up to the outermost one. */
function clusterChain(graph: StackGraph, resourceName: string): string[] {
  const chain: string[] = [];
  let id = nodeOf(graph, resourceName).cluster;
  while (id) {
    const cluster = graph.clusters.find((c) => c.id === id)!;
    chain.push(cluster.label);
    id = cluster.parent;
  }
  return chain;
}

describe("stack graph of archon-prod", () => {
  it("draws each container inside its component, with what it publishes", () => {
    const edge = nodeOf(archonGraph, "archon-edge-nginx");
    expect(edge.kind).toBe("container");
    expect(edge.lines).toContain("publishes 0.0.0.0:80 -> 80/tcp");
    expect(edge.lines).toContain("publishes 0.0.0.0:443 -> 443/tcp");
    expect(clusterChain(archonGraph, "archon-edge-nginx")).toEqual([
      "platform:edge:EdgeProxy archon-edge",
    ]);
    // Nested components nest: the socket proxy sits in its component inside Archon's.
    expect(clusterChain(archonGraph, "archon-docker-proxy-container")).toEqual([
      "platform:archon:ArchonDockerProxy archon-docker-proxy",
      "platform:archon:ArchonApp archon",
    ]);
    expect(nodeOf(archonGraph, "archon-supabase-postgres").lines).toContain(
      "publishes 127.0.0.1:54322 -> 5432/tcp",
    );
  });

  it("draws networks and volumes and what uses them", () => {
    expect(nodeOf(archonGraph, "archon-supabase-postgres-data")).toMatchObject({
      kind: "volume",
      lines: ["volume archon_postgres_data"],
    });
    expect(
      edge(archonGraph, "archon-supabase-postgres", "archon-supabase-postgres-data"),
    ).toBeDefined();
    expect(nodeOf(archonGraph, "archon-docker-proxy-network").lines).toContain("internal");
    expect(edge(archonGraph, "archon-server", "archon-docker-proxy-network")).toBeDefined();
    // Only the server talks to the Docker API proxy; the UI does not.
    expect(edge(archonGraph, "archon-ui", "archon-docker-proxy-network")).toBeUndefined();
  });

  it("keeps dependencies that pass through resources it does not draw", () => {
    // Secrets and passwords are not drawn; an edge never points at one.
    const ids = new Set([
      ...archonGraph.nodes.map((n) => n.id),
      ...archonGraph.clusters.map((c) => c.id),
    ]);
    for (const e of archonGraph.edges) {
      expect(ids.has(e.to), e.to).toBe(true);
    }
    expect(archonGraph.nodes.some((n) => n.urn.includes("RandomPassword"))).toBe(false);
    expect(edge(archonGraph, "archon-server", "archon-supabase-kong")).toBeDefined();
    expect(edge(archonGraph, "archon-schema-apply", "archon-supabase-postgres")).toBeDefined();
  });

  it("writes the same text every time, in both languages", async () => {
    const again = buildStackGraph(await synthProjectStack("archon-prod"));
    expect(renderDot(again)).toBe(renderDot(archonGraph));
    expect(renderMermaid(again)).toBe(renderMermaid(archonGraph));
    const mermaid = renderMermaid(archonGraph);
    expect(mermaid).toMatch(/^flowchart LR$/m);
    expect(mermaid).toMatch(
      /subgraph cluster_EdgeProxy_archon_edge\["platform:edge:EdgeProxy archon-edge"\]/,
    );
    const server = nodeOf(archonGraph, "archon-server").id;
    const kong = nodeOf(archonGraph, "archon-supabase-kong").id;
    expect(mermaid).toContain(`  ${server} --> ${kong}\n`);
  });

  it("writes Graphviz that Graphviz accepts", () => {
    const dot = requireTool("dot");
    const run = spawnSync(dot, ["-Tsvg"], { input: renderDot(archonGraph), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`<title>${nodeOf(archonGraph, "archon-edge-nginx").id}</title>`);
  });
});

describe("stack graph of sector7", () => {
  it("draws ingresses with their hosts, routed to the workloads behind their services", () => {
    const ingress = nodeOf(sector7Graph, "sector7-n8n-app-ingress");
    expect(ingress.kind).toBe("ingress");
    expect(ingress.lines).toContain("host n8n.sector7.helloworlddao.com");
    expect(edge(sector7Graph, "sector7-n8n-app-ingress", "sector7-n8n-app-deployment")?.label).toBe(
      "routes",
    );
    // One ingress, several paths to different services: each workload behind it is reached.
    for (const workload of ["cloud", "web", "admin-frontend"]) {
      expect(
        edge(
          sector7Graph,
          "sector7-appflowy-app-ingress",
          `sector7-appflowy-${workload}-deployment`,
        ),
        workload,
      ).toBeDefined();
    }
    expect(
      edge(sector7Graph, "sector7-n8n-app-ingress", "sector7-nocodb-app-deployment"),
    ).toBeUndefined();
  });

  it("draws claims mounted by workloads, and charts", () => {
    expect(nodeOf(sector7Graph, "sector7-ai-ollama-data").lines).toEqual([
      "PVC ai/ollama-data",
      "100Gi longhorn",
    ]);
    expect(
      edge(sector7Graph, "sector7-ai-ollama-deployment", "sector7-ai-ollama-data")?.label,
    ).toBe("mounts");
    expect(nodeOf(sector7Graph, "sector7-ingress-chart").lines[0]).toMatch(
      /^chart ingress-nginx \d/,
    );
  });

  it("follows the config: another domain shows on the ingresses", async () => {
    const graph = buildStackGraph(
      await synthProjectStack("sector7", ["cluster:domain=example.org"]),
    );
    expect(nodeOf(graph, "sector7-n8n-app-ingress").lines).toContain("host n8n.example.org");
  });
});

describe("docs/graphs", () => {
  for (const stack of ["archon-prod", "sector7"]) {
    it(`${stack}.dot is what \`npm run docs:graphs\` writes today`, () => {
      const graph = stack === "archon-prod" ? archonGraph : sector7Graph;
      const committed = fs.readFileSync(path.join(GRAPHS, `${stack}.dot`), "utf8");
      expect(committed, "run `npm run docs:graphs` and commit docs/graphs").toBe(renderDot(graph));
    });

    it(`${stack}.svg is rendered from the committed ${stack}.dot`, () => {
      const dot = requireTool("dot");
      const rendered = spawnSync(dot, ["-Tsvg", path.join(GRAPHS, `${stack}.dot`)], {
        encoding: "utf8",
      });
      expect(rendered.status).toBe(0);
      const committed = fs.readFileSync(path.join(GRAPHS, `${stack}.svg`), "utf8");
      const hint = "run `npm run docs:graphs` and commit docs/graphs";
      const version = (svg: string) => /Generated by graphviz version ([^\n]*)/.exec(svg)?.[1];
      expect(version(committed)).toBeDefined();
      // The same nodes, edges and labels are drawn, whichever Graphviz renders them...
      const drawn = (svg: string) =>
        [...svg.matchAll(/<(title|text)[^>]*>([^<]*)<\/\1>/g)].map((m) => m[2]).sort();
      const graph = stack === "archon-prod" ? archonGraph : sector7Graph;
      expect(drawn(committed).length).toBeGreaterThan(graph.nodes.length + graph.edges.length);
      expect(drawn(committed), hint).toEqual(drawn(rendered.stdout));
      // ...and the same Graphviz lays them out identically.
      if (version(committed) === version(rendered.stdout)) {
        expect(committed, hint).toBe(rendered.stdout);
      }
    });
  }
});
