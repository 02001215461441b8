import {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

type Config = Record<string, unknown>;

interface ResourceSpec {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly name?: string;
  readonly protect?: boolean;
}

/** The policy's schema defaults overlaid with `given`, as the engine configures a pack. */
function configOf(
  policy: { configSchema?: { properties: Record<string, { default?: unknown }> } },
  given: Config,
): Config {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => schema.default !== undefined)
      .map(([key, schema]) => [key, schema.default]),
  );
  return { ...defaults, ...given };
}

function urnOf(spec: ResourceSpec): string {
  return `urn:pulumi:test::policy-test::${spec.type}::${spec.name ?? "subject"}`;
}

class NotApplicable extends Error {}

/** Full ResourceValidationArgs for one resource, with the policy's config. */
export function resourceArgs(
  policy: ResourceValidationPolicy,
  spec: ResourceSpec,
  config: Config = {},
): ResourceValidationArgs {
  return {
    type: spec.type,
    props: spec.props,
    urn: urnOf(spec),
    name: spec.name ?? "subject",
    opts: {
      protect: spec.protect ?? false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    stackTags: new Map([["pulumi:project", "policy-test"]]),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => configOf(policy, config) as T,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
}

/** Runs a resource policy on one resource and returns the violation messages. */
export async function violations(
  policy: ResourceValidationPolicy,
  spec: ResourceSpec,
  config: Config = {},
): Promise<string[]> {
  const found: string[] = [];
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource!];
  for (const validate of validations) {
    await validate(resourceArgs(policy, spec, config), (message) => found.push(message));
  }
  return found;
}

/** Runs a stack policy over resources and returns [message, urn] pairs. */
export async function stackViolations(
  policy: StackValidationPolicy,
  specs: readonly ResourceSpec[],
  config: Config = {},
): Promise<[string, string | undefined][]> {
  const resources: PolicyResource[] = specs.map((spec) => ({
    type: spec.type,
    props: spec.props,
    urn: urnOf(spec),
    name: spec.name ?? "subject",
    opts: resourceArgs(policy as never, spec).opts,
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  const args: StackValidationArgs = {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => configOf(policy, config) as T,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
  const found: [string, string | undefined][] = [];
  await policy.validateStack(args, (message, urn) => found.push([message, urn]));
  return found;
}

export const CONTAINER = "docker:index/container:Container";
