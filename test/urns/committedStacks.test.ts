import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { synthProjectStack } from "../support/synthFixture";
import { knownIdentities } from "../support/urnIdentity";

// A URN is a resource's identity in every user's state: a changed name, parent or component type
// token makes `pulumi up` delete the resource and create a new one (a database volume with it).
// Each committed stack's URNs are recorded here; `npm run urns:record` rewrites the record.
const RECORD_DIR = __dirname;
const recording = process.env.RECORD_URNS === "1";

function recordFile(stack: string): string {
  return path.join(RECORD_DIR, `${stack}.urns`);
}

function recorded(stack: string): string[] {
  return fs.readFileSync(recordFile(stack), "utf8").split("\n").filter(Boolean);
}

describe.each(["archon-prod", "sector7"])("the URNs of stack %s", (stack) => {
  it("still identify every recorded resource, directly or through an alias", async () => {
    const result = await synthProjectStack(stack);
    const current = result.resources.map((resource) => resource.urn).sort();
    if (recording) fs.writeFileSync(recordFile(stack), current.join("\n") + "\n");

    const identities = knownIdentities(result);
    const lost = recorded(stack).filter((urn) => !identities.has(urn));
    expect(lost, "these resources would be deleted and re-created by `pulumi up`").toEqual([]);

    const unrecorded = current.filter((urn) => !recorded(stack).includes(urn));
    expect(unrecorded, "new resources: record them with `npm run urns:record`").toEqual([]);
  });
});
