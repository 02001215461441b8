import { describe, expect, it } from "vitest";
import { postgrestAnonRole as policy } from "../../policy/policies/postgrestAnonRole";
import { readWriteOnceRecreate } from "../../policy/policies/readWriteOnceRecreate";
import { synthServices } from "../stacks/sector7Services/servicesFixture";
import { synthProjectStack } from "../support/synthFixture";
import {
  CONTAINER,
  ResourceSpec,
  runStackPolicy,
  specFromRecorded,
  violations,
} from "./policyArgs";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

/**
 * The two policies against the real stacks with one regression made: each must stop it. Apart
 * from the policies' unit tests, which mutation testing runs (a synthesis per mutant is too slow).
 */
describe("the real stacks with a regression made", () => {
  it("stops archon-prod's PostgREST once its anonymous role is made service_role", async () => {
    const stack = await synthProjectStack("archon-prod");
    const specs = stack.resources
      .filter((r) => r.type === CONTAINER)
      .map((r) => specFromRecorded(r, stack.resources));
    const withAnon = specs.filter((s) =>
      (s.props.envs as string[] | undefined)?.some((e) => e.startsWith("PGRST_DB_ANON_ROLE=")),
    );
    expect(withAnon.map((s) => s.props.name)).toEqual(["archon-rest"]);
    expect(await violations(policy, withAnon[0])).toEqual([]);
    const envs = (withAnon[0].props.envs as string[]).map((e) =>
      e.startsWith("PGRST_DB_ANON_ROLE=") ? "PGRST_DB_ANON_ROLE=service_role" : e,
    );
    const mutated = { ...withAnon[0], props: { ...withAnon[0].props, envs } };
    expect(await violations(policy, mutated)).toHaveLength(1);
  });

  const messages = async (specs: ResourceSpec[]) =>
    (await runStackPolicy(readWriteOnceRecreate, specs)).map((v) => `${v.urn}: ${v.message}`);

  it("stops each of sector7's Deployments with a data claim once switched to RollingUpdate", async () => {
    const stack = await synthServices();
    const specs = stack.resources.map((r) => specFromRecorded(r, stack.resources));
    expect(await messages(specs)).toEqual([]);
    const claimed = specs.filter(
      (s) =>
        s.type === DEPLOYMENT &&
        JSON.stringify((s.props as { spec?: { template?: unknown } }).spec?.template).includes(
          '"persistentVolumeClaim"',
        ),
    );
    expect(claimed.length).toBeGreaterThanOrEqual(3);
    for (const target of claimed) {
      const spec = target.props.spec as Record<string, unknown>;
      const rolling = {
        ...target,
        props: { ...target.props, spec: { ...spec, strategy: { type: "RollingUpdate" } } },
      };
      const found = await messages(specs.map((s) => (s === target ? rolling : s)));
      expect(found, target.name).toHaveLength(1);
    }
  });
});
