import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it, vi } from "vitest";
import { noSupabaseDemoSecrets as policy } from "../../policy/policies/noSupabaseDemoSecrets";
import { CONTAINER, ResourceSpec, runStackPolicy } from "./policyArgs";

/** Supabase's self-hosting example values (docker/.env.example), public knowledge. */
const DEMO_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const DEMO_PASSWORD = "your-super-secret-and-long-postgres-password";
const base64 = (text: string) => Buffer.from(text).toString("base64");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-demo-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  fs.writeFileSync(path.join(dir, name), content);
  return path.join(dir, name);
};
const messages = async (specs: ResourceSpec[]) =>
  (await runStackPolicy(policy, specs)).map((v) => v.message);

describe("no-supabase-demo-secrets in files", () => {
  it("reads files uploaded into a container by path, and names one it cannot read", async () => {
    const env = file("db.env", `POSTGRES_USER=postgres\nPOSTGRES_PASSWORD=${DEMO_PASSWORD}\n`);
    const clean = file("clean.env", "POSTGRES_USER=postgres\n");
    const db = {
      type: CONTAINER,
      name: "db",
      props: {
        uploads: [
          { file: "/etc/db.env", source: clean },
          null,
          { file: "/etc/x", content: "inline" },
          { file: "/etc/db.env", source: env },
          { file: "/etc/gone", source: path.join(dir, "gone.env") },
        ],
      },
    };
    expect(await messages([db])).toEqual([
      "db carries a Supabase demo password in the file of uploads[3].source",
      `db uploads[4].source names the file ${path.join(dir, "gone.env")}, which the pack cannot read to check`,
    ]);
    // Only a container uploads files.
    expect(await messages([{ ...db, type: "command:local:Command" }])).toEqual([]);
  });

  it("resolves a relative path from the project directory when no program directory is named", async () => {
    const previous = process.env.POLICY_PROGRAM_DIR;
    delete process.env.POLICY_PROGRAM_DIR;
    try {
      const uploading = (source: string) => ({
        type: CONTAINER,
        name: "edge",
        props: { uploads: [{ file: "/etc/x.json", source }] },
      });
      expect(await messages([uploading("policy/config/archon-prod.json")])).toEqual([]);
      expect(await messages([uploading("policy/config/none.json")])).toEqual([
        "edge uploads[0].source names the file policy/config/none.json, which the pack cannot read to check",
      ]);
    } finally {
      if (previous !== undefined) {
        process.env.POLICY_PROGRAM_DIR = previous;
      }
    }
  });

  it("reads a relative path from the pack's parent directory, as the engine runs it in policy/", async () => {
    // The engine starts the pack in its own directory; the program's files sit one level up.
    const project = fs.mkdtempSync(path.join(dir, "project-"));
    fs.mkdirSync(path.join(project, "policy"));
    fs.writeFileSync(path.join(project, "demo.env"), `JWT_SECRET=${DEMO_SECRET}\n`);
    const previous = process.env.POLICY_PROGRAM_DIR;
    delete process.env.POLICY_PROGRAM_DIR;
    // As if started in policy/: a worker thread (StrykerJS runs this file in one) cannot chdir.
    const cwd = vi.spyOn(process, "cwd").mockReturnValue(path.join(project, "policy"));
    try {
      expect(
        await messages([
          { type: CONTAINER, name: "app", props: { uploads: [{ source: "demo.env" }] } },
        ]),
      ).toEqual(["app carries the Supabase demo JWT secret in the file of uploads[0].source"]);
    } finally {
      cwd.mockRestore();
      if (previous !== undefined) {
        process.env.POLICY_PROGRAM_DIR = previous;
      }
    }
  });

  it("reports a file once, however many demo values it holds", async () => {
    const both = file("both.env", `A=${DEMO_SECRET}\nB=${DEMO_PASSWORD}\n`);
    expect(
      await messages([{ type: CONTAINER, name: "c", props: { uploads: [{ source: both }] } }]),
    ).toEqual(["c carries the Supabase demo JWT secret in the file of uploads[0].source"]);
  });

  it("names where a file asset sits in the inputs", async () => {
    const values = file("values.yaml", `jwt:\n  secret: ${DEMO_SECRET}\n`);
    const release = {
      type: "kubernetes:helm.sh/v3:Release",
      name: "supabase",
      props: {
        chart: "supabase",
        files: { main: new pulumi.asset.FileAsset(values) },
        more: [new pulumi.asset.StringAsset("replicaCount: 1"), new pulumi.asset.FileAsset(values)],
      },
    };
    expect(await messages([release])).toEqual([
      "supabase carries the Supabase demo JWT secret in the file of files.main",
      "supabase carries the Supabase demo JWT secret in the file of more[1]",
    ]);
  });
});

describe("no-supabase-demo-secrets in text", () => {
  const configMap = (text: string) => ({
    type: "kubernetes:core/v1:ConfigMap",
    name: "env",
    props: { data: { ".env": text } },
  });

  it("finds base64 of a demo value assigned in an env file or a YAML document", async () => {
    expect(await messages([configMap(`A=1\nJWT_SECRET=${base64(DEMO_SECRET)}\n`)])).toEqual([
      "env carries the Supabase demo JWT secret in data..env",
    ]);
    expect(await messages([configMap(`a: 1\npassword: ${base64(DEMO_PASSWORD)}\n`)])).toEqual([
      "env carries a Supabase demo password in data..env",
    ]);
    expect(
      await messages([
        configMap(`A=1\nJWT_SECRET=${base64("a-generated-secret-of-48-chars-xxxxxxxxxxxxxxxx")}\n`),
      ]),
    ).toEqual([]);
  });
});
