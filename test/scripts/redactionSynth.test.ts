import { beforeAll, describe, expect, it } from "vitest";
import { secretStrings } from "../../scripts/lib/propertyValues";
import { renderedFiles } from "../../scripts/lib/renderedFiles";
import { publishableFiles, resourcesDocument } from "../../scripts/lib/synthStack";
import { RecordedResource, SynthResult } from "../../scripts/lib/synthesize";
import { synthServices } from "../stacks/sector7Services/servicesFixture";
import { synthProjectStack } from "../support/synthFixture";

/** The lengths of every RandomPassword/RandomString the program generates (components/**). */
const GENERATED_LENGTHS = [20, 24, 32, 40, 48, 64];

/** Every secret string in the stack (inputs and outputs), as synth's redaction sees them. */
const stackSecrets = (result: SynthResult) =>
  secretStrings([result.outputs, ...result.resources.map((r: RecordedResource) => r.inputs)]);

/** The generated ones (a host name may sit inside a secret too, and is no secret itself). */
const generatedSecrets = (result: SynthResult) =>
  [...stackSecrets(result)].filter(
    (s) => /^[A-Za-z0-9]+$/.test(s) && GENERATED_LENGTHS.includes(s.length),
  );

describe.each([
  ["archon-prod", () => synthProjectStack("archon-prod")],
  ["sector7 services", () => synthServices()],
])("synth output of %s", (name, synth) => {
  let result: SynthResult;
  beforeAll(async () => {
    result = await synth();
  });

  it.runIf(name === "archon-prod")(
    "shows rendered files' generated secrets only when asked",
    () => {
      const files = renderedFiles(result.resources);
      const inFiles = generatedSecrets(result).filter((s) =>
        files.some((f) => f.content !== s && f.content.includes(s)),
      );
      // The test has teeth: rendered files carry the 40-character database password and more.
      expect(new Set(inFiles.map((s) => s.length))).toContain(40);
      const published = publishableFiles(result, false);
      expect(published.map((f) => f.path)).toEqual(files.map((f) => f.path));
      for (const value of inFiles) {
        for (const file of published) {
          expect(
            file.content.includes(value),
            `${file.path} shows a ${value.length}-char secret`,
          ).toBe(false);
        }
      }
      expect(publishableFiles(result, true)).toEqual(files);
    },
  );

  it("keeps every generated secret out of resources.json unless shown", () => {
    const hidden = JSON.stringify(resourcesDocument(result, false));
    const shown = JSON.stringify(resourcesDocument(result, true));
    const secrets = generatedSecrets(result);
    expect(secrets.length).toBeGreaterThan(0);
    for (const value of secrets) {
      expect(hidden.includes(value), `a ${value.length}-character secret`).toBe(false);
      expect(shown).toContain(value);
    }
  });
});
