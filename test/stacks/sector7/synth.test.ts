import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSynth } from "../../support/commandRun";
import { ScriptRun } from "../../support/runScript";

const out = fs.mkdtempSync(path.join(os.tmpdir(), "synth-sector7-"));
let run: ScriptRun;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;

// A whole-stack synth: more than vitest's 10 s hook default on a busy machine.
beforeAll(async () => {
  run = await runSynth(["--stack", "sector7", "--out", out]);
  doc = JSON.parse(fs.readFileSync(path.join(out, "sector7", "resources.json"), "utf8"));
}, 120_000);

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
});

describe("npm run synth -- --stack sector7", () => {
  it("synthesizes the committed stack file", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/synthesized \d+ resources of stack sector7/);
    expect(doc).toMatchObject({ project: "platform", stack: "sector7" });
  });

  it("describes seed 004's platform layer with its real addresses", () => {
    expect(doc.outputs).toMatchObject({
      loadBalancerIp: "192.168.2.200",
      metallbPool: { name: "sector7-pool", addresses: "192.168.2.200-192.168.2.220" },
      ingressClassName: "nginx",
      ingressService: "ingress-nginx/ingress-nginx-controller",
      clusterIssuers: ["letsencrypt-prod", "letsencrypt-staging"],
      storageClass: "longhorn",
      gpuNode: "aurora",
      gpuResourceName: "nvidia.com/gpu",
      gpuRuntimeClass: "nvidia",
      grafanaUrl: "https://grafana.sector7.helloworlddao.com",
      grafanaAdminUser: "admin",
      dnsRecords: {
        "sector7.helloworlddao.com": "192.168.2.200",
        "*.sector7.helloworlddao.com": "192.168.2.200",
        "grafana.sector7.helloworlddao.com": "192.168.2.200",
      },
      publicDnsRecords: {
        "sector7.helloworlddao.com": "71.73.220.69",
        "*.sector7.helloworlddao.com": "71.73.220.69",
      },
      veleroSchedules: ["daily", "weekly"],
    });
  });

  it("prints the generated credentials as [secret]", () => {
    expect(doc.outputs.grafanaAdminPassword).toBe("[secret]");
    expect(doc.outputs.backupStoreAccessKeyId).toBe("[secret]");
    expect(doc.outputs.backupStoreSecretAccessKey).toBe("[secret]");
  });

  it("stays fast", () => {
    expect(run.millis).toBeLessThan(20_000);
  });
});
