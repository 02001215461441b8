import { describe, expect, it } from "vitest";
import {
  parsePolicyConfigFile,
  PolicyConfigError,
  PolicySummary,
  reconcilePolicyConfig,
} from "../../scripts/lib/policyConfig";

const POLICIES: PolicySummary[] = [
  {
    name: "ports",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        allowed: { type: "array", items: { type: "string" }, default: ["edge"] },
        limit: { type: "integer", minimum: 1 },
      },
      required: [],
    },
  },
  { name: "limits", enforcementLevel: "advisory" },
];

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyConfigError);
    return (err as PolicyConfigError).problems;
  }
  throw new Error("expected a PolicyConfigError");
}

describe("policy config files (the --policy-pack-config format)", () => {
  it("reads levels given as strings and as objects", () => {
    expect(
      parsePolicyConfigFile(
        '{"all": "advisory", "ports": {"enforcementLevel": "disabled", "allowed": ["a"]}}',
        "f",
      ),
    ).toEqual({
      all: { enforcementLevel: "advisory" },
      ports: { enforcementLevel: "disabled", properties: { allowed: ["a"] } },
    });
  });

  it("treats an empty file as no config", () => {
    expect(parsePolicyConfigFile("  \n", "f")).toEqual({});
  });

  it("refuses bad JSON, bad levels and bad values, naming the policy", () => {
    expect(problems(() => parsePolicyConfigFile("{", "f.json"))[0]).toMatch(/not valid JSON/);
    expect(problems(() => parsePolicyConfigFile('{"ports": "strict"}', "f"))).toEqual([
      'ports: enforcement level "strict" is invalid; expected one of advisory, mandatory, remediate, disabled',
    ]);
    expect(problems(() => parsePolicyConfigFile('{"ports": 3}', "f"))[0]).toMatch(
      /^ports: 3 is invalid/,
    );
    expect(problems(() => parsePolicyConfigFile("[]", "f"))[0]).toMatch(/JSON object/);
  });
});

describe("reconciling policy config as the engine does", () => {
  it("fills schema defaults and keeps each policy's own level", () => {
    expect(reconcilePolicyConfig(POLICIES, {}, "f")).toEqual({
      ports: { enforcementLevel: "mandatory", properties: { allowed: ["edge"] } },
      limits: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("applies all, then the policy's own entry", () => {
    const config = reconcilePolicyConfig(
      POLICIES,
      {
        all: { enforcementLevel: "disabled" },
        ports: { properties: { allowed: ["x"] } },
        limits: { enforcementLevel: "mandatory" },
      },
      "f",
    );
    expect(config.ports).toEqual({ enforcementLevel: "disabled", properties: { allowed: ["x"] } });
    expect(config.limits.enforcementLevel).toBe("mandatory");
  });

  it("validates properties against the policy's schema", () => {
    expect(
      problems(() =>
        reconcilePolicyConfig(
          POLICIES,
          { ports: { properties: { allowed: "edge", limit: 0 } } },
          "f",
        ),
      ),
    ).toEqual(["ports: /allowed must be array", "ports: /limit must be >= 1"]);
  });

  it("refuses unknown policies and config for a policy that takes none", () => {
    expect(
      problems(() =>
        reconcilePolicyConfig(
          POLICIES,
          { nope: { enforcementLevel: "advisory" }, limits: { properties: { a: 1 } } },
          "f",
        ),
      ),
    ).toEqual([
      "nope: no such policy in the pack; policies are ports, limits",
      'limits: takes no configuration, got {"a":1}',
    ]);
  });
});
