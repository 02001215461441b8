import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { reveal } from "../../../scripts/lib/propertyValues";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { loadPolicyModules } from "../../policy/allPolicies";
import { violations } from "../../policy/policyArgs";
import { synthServices } from "./servicesFixture";

let stack: SynthResult;
let policies: ResourceValidationPolicy[];
let config: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  stack = await synthServices({ "services:nextcloudEnabled": "true" });
  policies = (await loadPolicyModules())
    .map((m) => m.policy)
    .filter((p): p is ResourceValidationPolicy => "validateResource" in p);
  config = JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, "..", "..", "..", "policy", "config", "sector7.json"),
      "utf8",
    ),
  );
});

describe("the policy pack on the services layer", () => {
  it("finds no violation, mandatory or advisory, on any resource", async () => {
    const found: string[] = [];
    for (const resource of stack.resources) {
      for (const policy of policies) {
        const messages = await violations(
          policy,
          {
            type: resource.type,
            props: reveal(resource.inputs) as Record<string, unknown>,
            name: resource.name,
            protect: resource.options.protect,
          },
          config[policy.name] ?? {},
        );
        found.push(...messages.map((m) => `${policy.name} ${resource.name}: ${m}`));
      }
    }
    expect(policies.length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });
});
