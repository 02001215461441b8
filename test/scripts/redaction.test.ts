import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import {
  isSecretValue,
  REDACTED,
  redact,
  redactText,
  reveal,
  secretStrings,
} from "../../scripts/lib/propertyValues";
import { renderedFiles } from "../../scripts/lib/renderedFiles";
import { publishableFiles, resourcesDocument } from "../../scripts/lib/synthStack";
import { RecordedResource, SynthResult } from "../../scripts/lib/synthesize";
import { synthProjectStack } from "../support/synthFixture";
import { synthServices } from "../sector7Services/servicesFixture";

// The engine's wire encoding, from @pulumi/pulumi itself (runtime/rpc.ts), not restated here.
const rpc = pulumi.runtime as unknown as Record<string, string>;
const secret = (value: unknown) => ({ [rpc.specialSigKey]: rpc.specialSecretSig, value });
const reference = (urn: string) => ({ [rpc.specialSigKey]: rpc.specialResourceSig, urn, id: "x" });

/** The lengths of every RandomPassword/RandomString the program generates (components/**). */
const GENERATED_LENGTHS = [20, 24, 32, 40, 48, 64];
const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const generated = (length: number, offset = 0) =>
  Array.from({ length }, (_, i) => ALPHANUMERIC[(i * 7 + offset) % ALPHANUMERIC.length]).join("");

describe("property values", () => {
  const inputs = {
    plain: "visible",
    password: secret("hunter2-but-longer"),
    nested: [1, null, { deep: secret({ list: ["s1-inside-secret", 2] }) }],
    parent: reference("urn:pulumi:s::p::t::n"),
  };

  it("recognises only the secret signature", () => {
    expect(isSecretValue(inputs.password)).toBe(true);
    expect(isSecretValue(inputs.parent)).toBe(false);
    expect(isSecretValue("x")).toBe(false);
    expect(isSecretValue(null)).toBe(false);
    expect(isSecretValue([secret("a")])).toBe(false);
    expect(isSecretValue({ [rpc.specialSigKey]: 42, value: "a" })).toBe(false);
  });

  it("redacts every secret however deep, and shows resource references as URNs", () => {
    expect(redact(inputs)).toEqual({
      plain: "visible",
      password: REDACTED,
      nested: [1, null, { deep: REDACTED }],
      parent: "urn:pulumi:s::p::t::n",
    });
    expect(REDACTED).toBe("[secret]");
  });

  it("reveals secrets, secrets inside secrets included", () => {
    expect(reveal({ a: secret(secret("inner")), b: [secret("x")] })).toEqual({
      a: "inner",
      b: ["x"],
    });
  });

  it("collects the strings inside secrets only", () => {
    expect([...secretStrings(inputs)].sort()).toEqual(["hunter2-but-longer", "s1-inside-secret"]);
    expect([...secretStrings(["not-a-secret", { a: "nor-this" }])]).toEqual([]);
  });
});

describe("redactText", () => {
  it.each(GENERATED_LENGTHS)("hides a generated secret of %i characters", (length) => {
    const value = generated(length);
    const text = `DATABASE_URL=postgres://u:${value}@db:5432/x\npassword ${value}\n`;
    const out = redactText(text, new Set([value]));
    expect(out).not.toContain(value);
    expect(out).toBe(`DATABASE_URL=postgres://u:${REDACTED}@db:5432/x\npassword ${REDACTED}\n`);
  });

  it("hides secrets from eight characters up, and leaves the text whole around empty ones", () => {
    expect(redactText("key=abcdefgh;", new Set(["abcdefgh"]))).toBe(`key=${REDACTED};`);
    expect(redactText("a-b-c", new Set([""]))).toBe("a-b-c");
  });

  it("replaces a secret that contains another one whole", () => {
    const short = generated(20);
    const long = `${short}${generated(20, 3)}`;
    for (const order of [
      [short, long],
      [long, short],
    ]) {
      expect(redactText(`x ${long} y ${short}`, new Set(order))).toBe(
        `x ${REDACTED} y ${REDACTED}`,
      );
    }
  });
});

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
