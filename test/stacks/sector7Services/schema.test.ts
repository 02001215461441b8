import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs } from "../../support/synthFixture";
import { synthServices } from "./servicesFixture";

/**
 * Every Kubernetes object the services layer declares, validated against the Kubernetes API's
 * OpenAPI schema as packaged by kubernetes-models 5.1.0 (each model's `validate()` runs the
 * JSON schema of its kind: wrong types, bad formats and missing required fields fail). Those
 * schemas admit unknown fields; the program's object literals are typed by @pulumi/kubernetes'
 * input types, whose excess-property checks under `tsc --strict` refuse those.
 */
let stack: SynthResult;

/** `kubernetes:apps/v1:Deployment` -> apiVersion `apps/v1`, kind `Deployment`. */
function typeMeta(type: string): { apiVersion: string; kind: string; modelPath: string } {
  const [, groupVersion, kind] = type.split(":");
  const [group, version] = groupVersion.split("/");
  const apiVersion = group === "core" ? version : `${group}/${version}`;
  return { apiVersion, kind, modelPath: `kubernetes-models/${apiVersion}/${kind}` };
}

beforeAll(async () => {
  stack = await synthServices({
    "services:nextcloudEnabled": "true",
    "services:qdrantEnabled": "true",
    "appflowy:smtpHost": "smtp.example.com",
    "appflowy:smtpUser": "mailer",
    "appflowy:smtpPassword": "an-smtp-password",
  });
});

describe("the Kubernetes schema", () => {
  it("accepts every object of the services layer", async () => {
    const objects = stack.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(objects.length).toBeGreaterThan(80);
    const kinds = new Set<string>();
    for (const resource of objects) {
      const { apiVersion, kind, modelPath } = typeMeta(resource.type);
      kinds.add(kind);
      const module = await import(modelPath);
      const Model = module[kind];
      const model = new Model({ apiVersion, kind, ...plainInputs(resource) });
      expect(() => model.validate(), `${resource.type} ${resource.name}`).not.toThrow();
    }
    expect([...kinds].sort()).toEqual(
      [
        "ConfigMap",
        "CronJob",
        "Deployment",
        "Ingress",
        "Job",
        "Namespace",
        "NetworkPolicy",
        "PersistentVolumeClaim",
        "Secret",
        "Service",
        "StatefulSet",
      ].sort(),
    );
  });

  it("refuses a malformed object (the check is live)", async () => {
    const { NetworkPolicy } = await import("kubernetes-models/networking.k8s.io/v1/NetworkPolicy");
    const bad = new NetworkPolicy({
      metadata: { name: "x" },
      spec: {
        podSelector: {},
        ingress: [{ ports: [{ port: "80", protocol: 6 as unknown as "TCP" }] }],
      },
    });
    expect(() => bad.validate()).toThrow();
  });
});
