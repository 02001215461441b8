import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { LONGHORN_NODE_PREREQUISITES } from "../../../components/cluster/longhorn/nodePrerequisites";
import { gpuHostPrerequisitesScript } from "../../../components/cluster/nvidia/hostPrerequisites";

const dirs: string[] = [];

/**
 * Runs a host script with stand-ins for sudo, dpkg-query, systemctl, curl and nvidia-smi that
 * record what the script asks for and report the state `installed` describes.
 */
function runOnFakeHost(
  script: string,
  state: { packages: Record<string, string>; nvidiaSmi: boolean; nvidiaRuntime: boolean },
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-host-"));
  dirs.push(dir);
  const log = path.join(dir, "calls.log");
  const stub = (name: string, body: string) => {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  };
  stub(
    "sudo",
    `echo "sudo $*" >> ${log}
case "$*" in *"grep -qs nvidia"*) exit ${state.nvidiaRuntime ? 0 : 1};; esac
cat >/dev/null
exit 0`,
  );
  // dpkg-query -W -f='${Status}' PKG, or -f='${Version}' PKG: answers from `state.packages`.
  const answers = Object.entries(state.packages)
    .map(
      ([pkg, version]) =>
        `  "${pkg}") case "$2" in *Status*) printf 'install ok installed';; *) printf '%s' '${version}';; esac; exit 0;;`,
    )
    .join("\n");
  stub("dpkg-query", `case "$3" in\n${answers}\n  *) exit 1;;\nesac`);
  stub("systemctl", `echo "systemctl $*" >> ${log}; exit 0`);
  stub("curl", `echo "curl $*" >> ${log}; echo "deb https://example.invalid/ /"`);
  stub("hostname", "echo fake-node");
  if (state.nvidiaSmi) {
    stub("nvidia-smi", "exit 0");
  }
  const run = spawnSync("sh", ["-c", script], {
    env: { PATH: `${dir}:/usr/bin:/bin` },
    encoding: "utf8",
    input: "",
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
  return { status: run.status, stderr: run.stderr, calls };
}

afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("Longhorn node prerequisites script", () => {
  it("installs the missing packages and starts iscsid on a fresh node", () => {
    const run = runOnFakeHost(LONGHORN_NODE_PREREQUISITES, {
      packages: {},
      nvidiaSmi: false,
      nvidiaRuntime: false,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.calls).toContain("apt-get install -y -qq open-iscsi nfs-common");
    expect(run.calls).toContain("sudo -n systemctl enable --now iscsid");
    expect(run.calls).toContain("sudo -n modprobe iscsi_tcp");
  });

  it("installs nothing on a prepared node", () => {
    const run = runOnFakeHost(LONGHORN_NODE_PREREQUISITES, {
      packages: { "open-iscsi": "2.1.9", "nfs-common": "1:2.6.4" },
      nvidiaSmi: false,
      nvidiaRuntime: false,
    });
    expect(run.status).toBe(0);
    expect(run.calls).not.toContain("apt-get");
  });
});

describe("GPU host prerequisites script", () => {
  const script = gpuHostPrerequisitesScript({
    driverPackage: "nvidia-driver-570-server",
    containerToolkitVersion: "1.20.0-1",
  });

  it("installs the pinned toolkit and restarts k3s when containerd lacks the nvidia runtime", () => {
    const run = runOnFakeHost(script, { packages: {}, nvidiaSmi: true, nvidiaRuntime: false });
    expect(run.status).toBe(0);
    expect(run.calls).not.toContain("nvidia-driver-570-server");
    expect(run.calls).toContain("nvidia-container-toolkit=1.20.0-1");
    expect(run.calls).toContain("libnvidia-container1=1.20.0-1");
    expect(run.calls).toContain("sudo -n systemctl restart k3s");
  });

  it("changes nothing on a prepared node", () => {
    const run = runOnFakeHost(script, {
      packages: { "nvidia-container-toolkit": "1.20.0-1" },
      nvidiaSmi: true,
      nvidiaRuntime: true,
    });
    expect(run.status).toBe(0);
    expect(run.calls).not.toContain("apt-get");
    expect(run.calls).not.toContain("restart");
  });

  it("installs the driver and fails until the node is rebooted", () => {
    const run = runOnFakeHost(script, {
      packages: { "nvidia-container-toolkit": "1.20.0-1" },
      nvidiaSmi: false,
      nvidiaRuntime: true,
    });
    expect(run.calls).toContain("apt-get install -y -qq nvidia-driver-570-server");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("reboot fake-node");
  });
});
