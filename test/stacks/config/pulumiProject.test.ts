import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  applyProjectConfig,
  matchesConfigType,
  projectConfigErrors,
} from "../../../scripts/lib/projectConfig";
import { readStackConfigFile } from "../../../scripts/lib/stackConfigFile";
import { DECLARATIONS_KEY, keysOfKind, STACK_KINDS } from "../../../stacks/config/declarations";
import { PROJECT_DIR } from "../../support/synthFixture";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const project = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as any;

/** Pulumi.yaml with `config` replaced. */
function withConfig(config: Record<string, unknown>): Record<string, unknown> {
  return { name: "platform", runtime: "nodejs", config };
}

describe("Pulumi.yaml under the engine's rules (pulumi/pulumi v3.259.0)", () => {
  it("passes Project.Validate and the project schema's config rules", () => {
    expect(projectConfigErrors(project)).toEqual([]);
  });

  it("types platform:kind, the one key of the project's namespace the program reads", () => {
    expect(project.config["platform:kind"]).toMatchObject({ type: "string" });
    expect(project.config["platform:kind"].default).toBeUndefined();
  });

  it("keeps the other declarations outside config:, under a key Pulumi does not define", () => {
    // Top-level properties of project.json (v3.259.0) and the Project struct.
    const pulumiKeys = [
      "name",
      "description",
      "author",
      "website",
      "license",
      "runtime",
      "main",
      "config",
      "stackConfigDir",
      "backend",
      "options",
      "template",
      "packages",
      "plugins",
      "requiredPulumiVersion",
    ];
    expect(pulumiKeys).not.toContain(DECLARATIONS_KEY);
    expect(Object.keys(project[DECLARATIONS_KEY])).toEqual([...STACK_KINDS]);
    const namespaced = Object.keys(project.config).filter((k) => !k.startsWith("platform:"));
    expect(namespaced).toEqual(["pulumi:tags"]);
  });

  it("would refuse the naive design: a type or default on a key of another namespace", () => {
    expect(
      projectConfigErrors(withConfig({ "archon:imageTag": { type: "string", default: "local" } })),
    ).toEqual([
      "Configuration key 'archon:imageTag' is not namespaced by the project and should not define a type",
    ]);
    expect(projectConfigErrors(withConfig({ "archon:imageTag": { default: "local" } }))[0]).toMatch(
      /should not define a default value/,
    );
    expect(projectConfigErrors(withConfig({ "archon:imageTag": { description: "x" } }))).toEqual([
      "Configuration key 'archon:imageTag' is namespaced and must provide an attribute 'value'",
    ]);
    // Shorthand is a value for other namespaces, a default for the project's.
    expect(projectConfigErrors(withConfig({ "archon:imageTag": "local", kind: "archon" }))).toEqual(
      [],
    );
  });

  it("would refuse what the schema refuses in the project's own keys", () => {
    expect(projectConfigErrors(withConfig({ kind: { type: "array" } }))[0]).toMatch(
      /declares an array but does not specify the underlying type via the 'items' attribute/,
    );
    expect(projectConfigErrors(withConfig({ kind: { type: "integer", default: "x" } }))).toEqual([
      "The default value specified for configuration key 'kind' is not of the expected type 'integer'",
    ]);
    expect(projectConfigErrors(withConfig({ kind: { type: "string", kinds: ["a"] } }))[0]).toMatch(
      /'kinds' not allowed/,
    );
  });

  it("checks values by type as ValidateConfigValue does", () => {
    expect(matchesConfigType("integer", undefined, "8")).toBe(true);
    expect(matchesConfigType("integer", undefined, "8GB")).toBe(false);
    expect(matchesConfigType("boolean", undefined, "false")).toBe(true);
    expect(matchesConfigType("boolean", undefined, "no")).toBe(false);
    expect(matchesConfigType("array", { type: "object" }, [{ name: "a" }])).toBe(true);
    expect(matchesConfigType("array", { type: "object" }, ["a"])).toBe(false);
    expect(matchesConfigType("object", undefined, [])).toBe(false);
  });
});

describe("the engine's merge of Pulumi.yaml into a stack", () => {
  it("refuses a stack without platform:kind, with the engine's message and the choices", () => {
    expect(() => applyProjectConfig(project, "lab", { values: {}, secretKeys: [] })).toThrow(
      /^Stack 'lab' is missing configuration value 'platform:kind'\n {2}platform:kind: What this stack deploys: archon .* or\s+sector7/,
    );
  });

  it("fills in values and defaults the stack does not set", () => {
    const merged = applyProjectConfig(
      withConfig({ "pulumi:tags": { value: { team: "ops" } }, size: 3 }),
      "lab",
      { values: {}, secretKeys: [] },
    );
    expect(merged.values).toEqual({ "pulumi:tags": '{"team":"ops"}', "platform:size": "3" });
  });

  it("refuses a stack value of the wrong type, and a plain value of a secret key", () => {
    const typed = withConfig({
      count: { type: "integer" },
      token: { type: "string", secret: true },
    });
    expect(() =>
      applyProjectConfig(typed, "lab", {
        values: { "platform:count": "three", "platform:token": "x" },
        secretKeys: ["platform:token"],
      }),
    ).toThrow("Stack 'lab' with configuration key 'count' must be of type 'integer'");
    expect(() =>
      applyProjectConfig(typed, "lab", {
        values: { "platform:count": "3", "platform:token": "x" },
        secretKeys: [],
      }),
    ).toThrow("Stack 'lab' with configuration key 'token' must be encrypted as it's secret");
  });
});

describe.each([
  ["archon-prod", "archon"],
  ["sector7", "sector7"],
] as const)("the committed stack file of %s", (stack, kind) => {
  const config = readStackConfigFile(PROJECT_DIR, stack);

  it(`sets platform:kind ${kind}`, () => {
    expect(config.values["platform:kind"]).toBe(kind);
  });

  it("sets only declared keys, each of its declared type, secret ones encrypted", () => {
    const declared = keysOfKind(kind);
    for (const [key, raw] of Object.entries(config.values)) {
      const declaration = declared.get(key);
      expect(declaration, key).toBeDefined();
      let value: unknown = raw;
      if (declaration!.type === "array" || declaration!.type === "object") {
        value = JSON.parse(raw);
      }
      expect(matchesConfigType(declaration!.type, declaration!.items, value), key).toBe(true);
      if (declaration!.secret) {
        expect(config.secretKeys, key).toContain(key);
      }
    }
  });
});
