import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { isSecretValue, secretStrings } from "../../../scripts/lib/propertyValues";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { ConfigReader } from "../../../stacks/config/configReader";
import { loadSector7ServicesConfig } from "../../../stacks/sector7Services/servicesConfig";
import { deploySector7Services } from "../../../stacks/sector7Services/sector7Services";
import { freshMocks } from "../../support/mockRuntime";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import { BASE_CONFIG, containerOf, synthServices, testPlatform, TYPES } from "./servicesFixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthServices({ "services:nextcloudEnabled": "true" });
});

const CREDENTIAL_OUTPUTS = [
  "supabasePostgresPassword",
  "supabaseJwtSecret",
  "supabaseAnonKey",
  "supabaseServiceRoleKey",
  "serviceDatabasePasswords",
  "appflowyAdminPassword",
  "appflowyMinioAccessKey",
  "appflowyMinioSecretKey",
  "n8nEncryptionKey",
  "nextcloudAdminPassword",
  "n8nOwnerPassword",
  "nocodbAdminPassword",
  "heimdallLoginPassword",
] as const;

const WORKLOADS = [TYPES.deployment, TYPES.statefulSet, TYPES.job, TYPES.cronJob];

describe("sector7 services keep credentials secret", () => {
  it("marks the data of every Secret as secret", () => {
    const secrets = resourcesOfType(stack, TYPES.secret);
    expect(secrets.length).toBeGreaterThanOrEqual(9);
    for (const secret of secrets) {
      expect(isSecretValue(secret.inputs.stringData), secret.name).toBe(true);
    }
  });

  it("marks every credential output as secret", () => {
    for (const key of CREDENTIAL_OUTPUTS) {
      expect(isSecretValue(stack.outputs[key]), key).toBe(true);
    }
    expect(isSecretValue(stack.outputs.appflowyUrl)).toBe(false);
  });

  it("never puts a generated credential into a workload, only secretKeyRefs", () => {
    const credentials = new Set(
      [...secretStrings(stack.outputs)].filter((s) => s.length >= 16 && !s.startsWith("https")),
    );
    expect(credentials.size).toBeGreaterThanOrEqual(10);
    for (const type of WORKLOADS) {
      for (const workload of resourcesOfType(stack, type)) {
        const text = JSON.stringify(plainInputs(workload));
        for (const credential of credentials) {
          expect(text.includes(credential), `${workload.name} carries a credential`).toBe(false);
        }
      }
    }
  });

  it("reads every variable named like a credential from a Secret", () => {
    const named = /PASSWORD|SECRET|TOKEN|KEY/;
    let checked = 0;
    for (const type of WORKLOADS) {
      for (const workload of resourcesOfType(stack, type)) {
        for (const env of containerOf(workload).env ?? []) {
          if (named.test(env.name)) {
            checked++;
            expect(env.valueFrom?.secretKeyRef, `${workload.name} ${env.name}`).toBeDefined();
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("credential outputs under the Pulumi runtime", () => {
  it("are secret Outputs", async () => {
    await freshMocks("sector7");
    pulumi.runtime.setAllConfig({ ...BASE_CONFIG, "services:nextcloudEnabled": "true" }, []);
    const reader = new ConfigReader("sector7");
    const config = loadSector7ServicesConfig(reader);
    reader.assertValid();
    const out = deploySector7Services(config, testPlatform());
    for (const key of CREDENTIAL_OUTPUTS) {
      const output: pulumi.Output<unknown> = out[key];
      expect(await pulumi.isSecret(output), key).toBe(true);
    }
    expect(await pulumi.isSecret(out.n8nUrl)).toBe(false);
  });
});
