import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policy/allPolicies";
import { SynthResult } from "../../scripts/lib/synthesize";
import { PROJECT_DIR, synthProjectStack } from "../support/synthFixture";
import { CONTAINER, ResourceSpec, runPack, specFromRecorded, Violation } from "./policyArgs";

function policyConfigFile(stack: string) {
  return JSON.parse(
    fs.readFileSync(path.join(PROJECT_DIR, "policy", "config", `${stack}.json`), "utf8"),
  );
}

const describeViolation = (v: Violation) => `${v.policy} ${v.urn}: ${v.message}`;

const synthesized = new Map<string, ResourceSpec[]>();

beforeAll(async () => {
  for (const stack of ["archon-prod", "sector7"]) {
    const result: SynthResult = await synthProjectStack(stack);
    synthesized.set(
      stack,
      result.resources.map((r) => specFromRecorded(r, result.resources)),
    );
  }
});

describe.each(["archon-prod", "sector7"])("the real %s stack", (stack) => {
  let specs: ResourceSpec[];

  beforeAll(() => {
    specs = synthesized.get(stack)!;
  });

  it("has no mandatory violation, with its policy config or the defaults", async () => {
    for (const config of [policyConfigFile(stack), {}]) {
      const found = await runPack(policies, specs, config);
      expect(found.filter((v) => v.level === "mandatory").map(describeViolation)).toEqual([]);
    }
  });

  it("has no advisory finding either", async () => {
    const found = await runPack(policies, specs, policyConfigFile(stack));
    expect(found.map(describeViolation)).toEqual([]);
  });

  it("is a stack the policies actually read", () => {
    const types = new Set(specs.map((s) => s.type));
    const expected =
      stack === "archon-prod"
        ? [CONTAINER, "docker:index/volume:Volume", "docker:index/image:Image"]
        : [
            "kubernetes:apps/v1:Deployment",
            "kubernetes:apps/v1:StatefulSet",
            "kubernetes:batch/v1:CronJob",
            "kubernetes:core/v1:PersistentVolumeClaim",
            "kubernetes:core/v1:Service",
            "kubernetes:networking.k8s.io/v1:Ingress",
          ];
    for (const type of expected) {
      expect(types, type).toContain(type);
    }
    expect(specs.some((s) => s.parent !== undefined && s.dependencies!.length > 0)).toBe(true);
  });
});

describe("the archon-prod check catches a regression", () => {
  let specs: ResourceSpec[];

  beforeAll(() => {
    specs = synthesized.get("archon-prod")!;
  });

  /** The stack with one container's props changed. */
  function withContainer(name: string, change: (props: Record<string, unknown>) => void) {
    return specs.map((spec) => {
      if (spec.type !== CONTAINER || spec.props.name !== name) {
        return spec;
      }
      const props = structuredClone(spec.props);
      change(props);
      return { ...spec, props };
    });
  }

  it("reports Kong published on all interfaces and a demo JWT secret in PostgREST", async () => {
    const changed = withContainer("archon-kong", (props) => {
      (props.ports as { ip: string }[])[0].ip = "0.0.0.0";
      (props.envs as string[]).push(
        "PGRST_JWT_SECRET=super-secret-jwt-token-with-at-least-32-characters-long",
      );
    });
    const mandatory = (await runPack(policies, changed, policyConfigFile("archon-prod"))).filter(
      (v) => v.level === "mandatory",
    );
    const kong = specs.find((s) => s.props.name === "archon-kong")!;
    expect(mandatory.map((v) => [v.policy, v.urn])).toEqual([
      ["docker-loopback-ports", kong.urn],
      ["no-supabase-demo-secrets", kong.urn],
    ]);
  });
});
