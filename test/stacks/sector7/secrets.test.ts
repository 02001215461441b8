import { beforeAll, describe, expect, it } from "vitest";
import { isSecretValue, redact, secretStrings } from "../../../scripts/lib/propertyValues";
import { RecordedResource, SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourceNamed, synthWithSecretConfig } from "../../support/synthFixture";
import { FAKE_PRIVATE_KEY, OVER_SSH, outputs, synthOverSsh } from "./sector7Fixture";

/** True when `plaintext` occurs in the resource's inputs, and only inside secrets. */
function onlyAsSecret(resource: RecordedResource, plaintext: string): boolean {
  const insideSecrets = [...secretStrings(resource.inputs)].some((s) => s.includes(plaintext));
  return insideSecrets && !JSON.stringify(redact(resource.inputs)).includes(plaintext);
}

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthOverSsh();
});

describe("sector7 secrets", () => {
  it("hands the SSH private key to every remote command only as a secret", () => {
    for (const name of [
      "sector7-longhorn-prerequisites-aurora",
      "sector7-longhorn-prerequisites-optiplex",
      "sector7-gpu-host-prerequisites",
    ]) {
      expect(onlyAsSecret(resourceNamed(stack, name), FAKE_PRIVATE_KEY), name).toBe(true);
    }
  });

  it("generates Grafana's admin password, outputs it as a secret and stores it in a Secret", () => {
    expect(isSecretValue(stack.outputs.grafanaAdminPassword)).toBe(true);
    const password = outputs(stack).grafanaAdminPassword as string;
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(onlyAsSecret(resourceNamed(stack, "sector7-monitoring-grafana-admin"), password)).toBe(
      true,
    );
    // The chart reads it from that Secret; it is not in the release's values.
    expect(JSON.stringify(resourceNamed(stack, "sector7-monitoring-chart").inputs)).not.toContain(
      password,
    );
  });

  it("generates the backup store's key pair and passes it to Longhorn and Velero as secrets", () => {
    expect(isSecretValue(stack.outputs.backupStoreAccessKeyId)).toBe(true);
    expect(isSecretValue(stack.outputs.backupStoreSecretAccessKey)).toBe(true);
    const { backupStoreAccessKeyId: id, backupStoreSecretAccessKey: key } = outputs(stack);
    expect(plainInputs(resourceNamed(stack, "sector7-backup-store-access-key-id"))).toMatchObject({
      length: 20,
      special: false,
      lower: false,
    });
    expect(
      plainInputs(resourceNamed(stack, "sector7-backup-store-secret-access-key")),
    ).toMatchObject({ length: 40, special: false });
    expect(id).toHaveLength(20);
    expect(key).toHaveLength(40);
    const longhorn = resourceNamed(stack, "sector7-longhorn-backup-credentials");
    const velero = resourceNamed(stack, "sector7-velero-credentials");
    for (const secret of [id, key]) {
      expect(onlyAsSecret(longhorn, secret)).toBe(true);
      expect(onlyAsSecret(velero, secret)).toBe(true);
    }
  });

  it("uses a configured key pair and a configured kubeconfig, both kept secret", async () => {
    const kubeconfig = "apiVersion: v1\nkind: Config\nusers: [{name: admin, user: {token: t0k3n}}]";
    const given = await synthWithSecretConfig(
      "sector7",
      {
        "ssh:privateKey": FAKE_PRIVATE_KEY,
        "backup:accessKeyId": "GIVENKEYID0000000000",
        "backup:secretAccessKey": "given-secret-access-key-of-forty-chars-xx",
        "cluster:kubeconfig": kubeconfig,
      },
      OVER_SSH,
    );
    expect(outputs(given).backupStoreAccessKeyId).toBe("GIVENKEYID0000000000");
    expect(
      onlyAsSecret(
        resourceNamed(given, "sector7-velero-credentials"),
        "aws_secret_access_key=given-secret-access-key-of-forty-chars-xx",
      ),
    ).toBe(true);
    expect(given.resources.some((r) => r.name.endsWith("-access-key-id"))).toBe(false);
    expect(onlyAsSecret(resourceNamed(given, "sector7-k8s"), "t0k3n")).toBe(true);
  });
});
