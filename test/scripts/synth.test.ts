import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSynth } from "../support/commandRun";
import { runScript, ScriptRun } from "../support/runScript";

const out = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
const shown = fs.mkdtempSync(path.join(os.tmpdir(), "synth-shown-"));
let run: ScriptRun;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readDocument(dir: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, "archon-prod", "resources.json"), "utf8"));
}

// The script itself, in its own process; the other runs call the same command in-process.
beforeAll(() => {
  run = runScript("synth.ts", ["--stack", "archon-prod", "--out", out]);
});

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(shown, { recursive: true, force: true });
});

describe("npm run synth", () => {
  it("writes resources.json in the documented shape", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const doc = readDocument(out);
    expect(doc).toMatchObject({ project: "platform", stack: "archon-prod" });
    const server = doc.resources.find((r: { name: string }) => r.name === "archon-server");
    expect(server).toMatchObject({
      urn: "urn:pulumi:archon-prod::platform::platform:archon:ArchonApp$docker:index/container:Container::archon-server",
      type: "docker:index/container:Container",
      custom: true,
      parent: "urn:pulumi:archon-prod::platform::platform:archon:ArchonApp::archon",
    });
    expect(server.dependencies).toContain(
      "urn:pulumi:archon-prod::platform::platform:supabase:SupabaseStack$docker:index/container:Container::archon-supabase-kong",
    );
    expect(server.inputs.name).toBe("archon-server");
    expect(doc.outputs.archonUiUrl).toBe("http://127.0.0.1:3737");
  });

  it("prints secrets as [secret] unless --show-secrets", async () => {
    const doc = readDocument(out);
    expect(doc.outputs.serviceRoleKey).toBe("[secret]");
    const again = await runSynth(["--stack", "archon-prod", "--out", shown, "--show-secrets"]);
    expect(again.status).toBe(0);
    const revealed = readDocument(shown);
    const key = revealed.outputs.serviceRoleKey as string;
    expect(key.split(".")).toHaveLength(3);
    expect(fs.readFileSync(path.join(out, "archon-prod", "resources.json"), "utf8")).not.toContain(
      key,
    );
  });

  it("writes kong.yml under files/, with the keys hidden", () => {
    const kongYml = path.join(
      out,
      "archon-prod",
      "files",
      "archon-kong",
      "home",
      "kong",
      "kong.yml",
    );
    const text = fs.readFileSync(kongYml, "utf8");
    const kong = parse(text);
    expect(kong._format_version).toBe("1.1");
    expect(kong.consumers.map((c: { username: string }) => c.username)).toEqual([
      "anon",
      "service_role",
    ]);
    expect(text.match(/key: \[secret\]$/gm)).toHaveLength(2);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it("applies --config overrides", async () => {
    const withAgents = fs.mkdtempSync(path.join(os.tmpdir(), "synth-agents-"));
    const agents = await runSynth([
      "--stack",
      "archon-prod",
      "--out",
      withAgents,
      "--config",
      "archon:agentsEnabled=true",
    ]);
    expect(agents.status).toBe(0);
    const names = readDocument(withAgents).resources.map((r: { name: string }) => r.name);
    expect(names).toContain("archon-agents");
    fs.rmSync(withAgents, { recursive: true, force: true });
  });

  it("fails with the validation message on bad config", async () => {
    const bad = await runSynth([
      "--stack",
      "archon-prod",
      "--out",
      out,
      "--config",
      "supabase:kongPort=99999",
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("supabase:kongPort");
    expect(bad.stderr).toContain("99999");
  });

  it("names the known stacks for an unknown one", async () => {
    const bad = await runSynth(["--stack", "nope", "--out", out]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("Pulumi.nope.yaml");
  });
});
