import { describe, expect, it } from "vitest";
import { renderedFiles } from "../../../scripts/lib/renderedFiles";
import { RecordedResource, SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, synthProjectStack } from "../../support/synthFixture";
import { containersByName } from "./archonProdFixture";

/** `host:port` of every `server` line inside the `upstream` blocks of an nginx config. */
function upstreamServers(config: string): string[] {
  const blocks = [...config.matchAll(/upstream\s+\w+\s*\{([^}]*)\}/g)].map((m) => m[1]);
  return blocks.flatMap((block) =>
    [...block.matchAll(/^\s*server\s+(\S+?)(?:\s+[^;]*)?;/gm)].map((m) => m[1]),
  );
}

/** Every URN `urn` waits for, directly or through what it waits for. */
function waitsFor(stack: SynthResult, urn: string): Set<string> {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const seen = new Set<string>();
  const visit = (u: string) => {
    for (const dep of byUrn.get(u)?.dependencies ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(urn);
  return seen;
}

/** The container a backend address reaches: by Docker name, or by the host port it publishes. */
function containerAt(stack: SynthResult, address: string): RecordedResource | undefined {
  const [host, port] = address.split(":");
  for (const [name, resource] of containersByName(stack)) {
    if (name === host) {
      return resource;
    }
    const ports = (plainInputs(resource).ports ?? []) as { external?: number }[];
    if (host === "127.0.0.1" && ports.some((p) => p.external === Number(port))) {
      return resource;
    }
  }
  return undefined;
}

describe.each([
  ["container", []],
  ["host", ["edge:mode=host", "docker:host=unix:///var/run/docker.sock"]],
])("archon-prod's edge in %s mode", (_, overrides) => {
  it("starts only after every container its rendered nginx config proxies to", async () => {
    const stack = await synthProjectStack("archon-prod", overrides);
    const edges = stack.resources.filter((r) =>
      renderedFiles([r]).some((f) => /upstream archon_ui\s*\{/.test(f.content)),
    );
    expect(edges).toHaveLength(1);
    const config = renderedFiles(edges).find((f) => f.content.includes("upstream archon_ui"))!;
    const servers = [...new Set(upstreamServers(config.content))];
    const proxied = servers.map((address) => {
      const target = containerAt(stack, address);
      expect(target, `${address} is a container of the stack`).toBeDefined();
      return target!;
    });
    // UI, server and Studio: each behind the edge, each waited for.
    expect(new Set(proxied.map((c) => plainInputs(c).name))).toEqual(
      new Set(["archon-ui", "archon-server", "archon-studio"]),
    );
    const before = waitsFor(stack, edges[0].urn);
    for (const target of proxied) {
      expect(before.has(target.urn), `the edge waits for ${plainInputs(target).name}`).toBe(true);
    }
  });
});
