import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthStack } from "../../../scripts/lib/synthStack";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { runStack } from "../../../stacks/selectStack";
import { freshMocks } from "../../support/mockRuntime";
import {
  plainInputs,
  PROJECT_DIR,
  resourceNamed,
  synthRejection,
} from "../../support/synthFixture";

/** A project directory with Pulumi.yaml and `files` (stack files by name). */
function projectWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kinds-"));
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function stackFile(stack: string): string {
  return fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8");
}

function synthIn(dir: string, stack: string, overrides: string[] = []): Promise<SynthResult> {
  return synthStack({ projectDir: dir, stack, overrides, program: () => runStack(stack) });
}

/** URNs with the stack's name taken out, to compare stacks of one kind. */
function urnsOf(result: SynthResult): string[] {
  return result.resources.map((r) => r.urn.replace(`urn:pulumi:${result.stack}::`, "")).sort();
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe.each([
  [
    "archon-prod",
    "archon-staging",
    ["offsite:s3Url=https://s3.example.com", "offsite:bucket=dumps"],
  ],
  ["sector7", "lab", []],
] as const)("a new stack with the kind of %s", (committed, fresh, overrides) => {
  let original: SynthResult;
  let copy: SynthResult;

  beforeAll(async () => {
    const dir = projectWith({
      [`Pulumi.${committed}.yaml`]: stackFile(committed),
      [`Pulumi.${fresh}.yaml`]: stackFile(committed),
    });
    dirs.push(dir);
    original = await synthIn(dir, committed, [...overrides]);
    copy = await synthIn(dir, fresh, [...overrides]);
  });

  it(`deploys what ${committed} deploys under its own stack name`, () => {
    expect(copy.stack).toBe(fresh);
    expect(copy.resources.every((r) => r.urn.startsWith(`urn:pulumi:${fresh}::platform::`))).toBe(
      true,
    );
    expect(urnsOf(copy)).toEqual(urnsOf(original));
  });

  if (committed === "archon-prod") {
    it("keeps its off-host copies apart from other stacks' in a shared bucket", () => {
      const copier = (result: SynthResult) =>
        JSON.stringify(plainInputs(resourceNamed(result, "archon-offsite-copy")));
      expect(copier(original)).toContain("archon-prod");
      expect(copier(copy)).toContain("archon-staging");
      expect(copier(copy)).not.toContain("archon-prod");
    });
  }
});

describe("a stack's kind", () => {
  it("is required: synth refuses a stack without it as the engine does, naming the choices", async () => {
    const dir = projectWith({
      "Pulumi.lab.yaml": stackFile("sector7").replace(/^ {2}platform:kind: .*$/m, ""),
    });
    dirs.push(dir);
    await expect(synthIn(dir, "lab")).rejects.toThrow(
      /Stack 'lab' is missing configuration value 'platform:kind'[\s\S]*archon[\s\S]*sector7/,
    );
  });

  it("is required by the program too (pulumi up --skip-config-validation)", async () => {
    await freshMocks("lab");
    pulumi.runtime.setAllConfig({ "cluster:domain": "example.com" }, []);
    expect(() => runStack("lab")).toThrow(
      /platform:kind is required: what this stack deploys, one of archon, sector7/,
    );
  });

  it("of a stack without a stack file: synth lists the project's stacks", async () => {
    await expect(synthIn(PROJECT_DIR, "archon-staging")).rejects.toThrow(
      /is "archon-staging" a stack of this project\? Its stacks: archon-prod, sector7\./,
    );
  });

  it("must be a known kind; nothing is created otherwise", async () => {
    const { error, registered } = await synthRejection("archon-prod", [
      "platform:kind=archon-prod",
    ]);
    expect(error.message).toContain(
      'platform:kind: "archon-prod" is invalid; expected one of archon, sector7',
    );
    expect(registered).toBe(0);
  });

  it("decides what runs, whatever the stack's name", async () => {
    const { error } = await synthRejection("archon-prod", ["platform:kind=sector7"]);
    // The archon file's keys are refused as another kind's, sector7's required keys as missing.
    expect(error.message).toMatch(/archon:publicHost is set, but it is a key of archon stacks/);
    expect(error.message).toMatch(/cluster:subnet is required/);
  });
});
