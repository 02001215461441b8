import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { renderFileBundle } from "../../components/toolbox/hosts/fileBundle";
import {
  isSecretValue,
  REDACTED,
  redact,
  redactText,
  reveal,
  secretStrings,
  UNKNOWN_VALUE,
} from "../../scripts/lib/propertyValues";
import { deterministicText } from "../../scripts/lib/mockState";
import { renderedFiles } from "../../scripts/lib/renderedFiles";
import { publishableFiles, resourcesDocument } from "../../scripts/lib/synthStack";
import { plainResource, RecordedResource, SynthResult } from "../../scripts/lib/synthesize";

// The engine's wire encoding, from @pulumi/pulumi itself (runtime/rpc.ts), not restated here.
const rpc = pulumi.runtime as unknown as Record<string, string>;
const secret = (value: unknown) => ({ [rpc.specialSigKey]: rpc.specialSecretSig, value });
const reference = (urn: string) => ({ [rpc.specialSigKey]: rpc.specialResourceSig, urn, id: "x" });

/** The lengths of every RandomPassword/RandomString the program generates (components/**). */
const GENERATED_LENGTHS = [20, 24, 32, 40, 48, 64];
/** A generated-looking secret: the synth's mock RandomPassword, seeded apart. */
const generated = (length: number, seed = 0) => deterministicText(`redaction-${seed}`, length);

describe("property values", () => {
  const inputs = {
    plain: "visible",
    password: secret("hunter2-but-longer"),
    nested: [1, null, { deep: secret({ list: ["s1-inside-secret", 2] }) }],
    parent: reference("urn:pulumi:s::p::t::n"),
  };

  it("marks unknown values with the engine's own sentinel", () => {
    expect(UNKNOWN_VALUE).toBe(rpc.unknownValue);
  });

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

/** A recorded resource as synthesize() writes it; only type, name and inputs matter here. */
function recorded(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
  return plainResource({
    urn: `urn:pulumi:s::p::${type}::${name}`,
    type,
    name,
    custom: true,
    inputs,
  });
}

describe("the files synth renders, and what it publishes of them", () => {
  const password = generated(40);
  const jwtSecret = generated(64, 5);
  const key = generated(20, 9);
  const resources = [
    recorded("docker:index/container:Container", "db-resource", {
      name: "archon-postgres",
      uploads: [
        { file: "/etc/roles.sql", content: secret(`ALTER ROLE app PASSWORD '${password}';\n`) },
        { file: "/etc/empty", content: "" },
        { file: "/no-content" },
        { content: "no file" },
      ],
    }),
    recorded("docker:index/container:Container", "unnamed", {
      uploads: [{ file: "/kong.yml", content: `jwt: ${jwtSecret}\n` }],
    }),
    recorded("command:remote:Command", "host-setup", {
      create: `echo ${key} > /tmp/x`,
      update: "true",
      stdin: secret(renderFileBundle([{ path: "/etc/app/env", content: `KEY=${key}\n` }])),
      environment: { PASSWORD: secret(password), JWT: secret(jwtSecret), KEY: secret(key) },
    }),
    recorded("command:local:Command", "local-check", {
      create: "exit 0",
      delete: "rm x",
      stdin: "not a bundle",
    }),
    recorded("docker:index/image:Image", "image", { uploads: [{ file: "/x", content: "y" }] }),
  ];
  const result: SynthResult = {
    project: "p",
    stack: "s",
    resources,
    outputs: { password: secret(password), plain: "visible" },
  } as unknown as SynthResult;

  it("lists container uploads, command scripts and the files a command delivers on stdin", () => {
    expect(renderedFiles(resources).map((f) => f.path)).toEqual([
      "archon-postgres/etc/roles.sql",
      "archon-postgres/etc/empty",
      "unnamed/kong.yml",
      "commands/host-setup.create.sh",
      "commands/host-setup.update.sh",
      "commands/host-setup/etc/app/env",
      "commands/local-check.create.sh",
      "commands/local-check.delete.sh",
    ]);
    expect(renderedFiles(resources).find((f) => f.path.endsWith("roles.sql"))?.content).toBe(
      `ALTER ROLE app PASSWORD '${password}';\n`,
    );
  });

  it("hides every generated secret in published files, and shows them when asked", () => {
    const published = publishableFiles(result, false);
    const text = published.map((f) => f.content).join("\n");
    for (const value of [password, jwtSecret, key]) {
      expect(text.includes(value), `${value.length} characters`).toBe(false);
    }
    expect(published.find((f) => f.path.endsWith("roles.sql"))?.content).toBe(
      `ALTER ROLE app PASSWORD '${REDACTED}';\n`,
    );
    expect(published.find((f) => f.path.endsWith("/etc/app/env"))?.content).toBe(
      `KEY=${REDACTED}\n`,
    );
    expect(publishableFiles(result, true)).toEqual(renderedFiles(resources));
  });

  it("shows a file that is a secret as a whole, with the other secrets inside it hidden", () => {
    const whole = `url=postgres://u:${password}@db/x`;
    const withFile = {
      ...result,
      resources: [
        ...resources,
        recorded("docker:index/container:Container", "c", {
          name: "c",
          uploads: [{ file: "/env", content: secret(whole) }],
        }),
      ],
    } as SynthResult;
    expect(publishableFiles(withFile, false).find((f) => f.path === "c/env")?.content).toBe(
      `url=postgres://u:${REDACTED}@db/x`,
    );
  });

  it("writes resources.json with secrets redacted, or revealed when asked", () => {
    const hidden = resourcesDocument(result, false) as {
      outputs: unknown;
      resources: { inputs: unknown }[];
    };
    expect(hidden).toMatchObject({ project: "p", stack: "s" });
    expect(hidden.outputs).toEqual({ password: REDACTED, plain: "visible" });
    expect(JSON.stringify(hidden)).not.toContain(password);
    const shown = resourcesDocument(result, true) as { outputs: unknown };
    expect(shown.outputs).toEqual({ password, plain: "visible" });
  });
});
