/**
 * Validation arguments as @pulumi/policy 1.21.0's server builds them for `Analyze` and
 * `AnalyzeStack`, so a policy can be run in-process exactly as the engine would run it: props
 * behind the unknown-checking proxy, full resource options, stack tags, isType/asType, config
 * with the schema defaults, notApplicable, and for stacks parents and dependencies as objects.
 */
import {
  Policies,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { reveal } from "../../scripts/lib/propertyValues";
import { RecordedResource } from "../../scripts/lib/synthesize";

export const PROJECT = "policy-test";
export const STACK = "test";
export const CONTAINER = "docker:index/container:Container";

type Config = Record<string, unknown>;
type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;
type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** One resource to validate; everything but type and props has a sensible default. */
export interface ResourceSpec {
  readonly type: string;
  readonly props: Record<string, unknown>;
  /** Logical name; default "subject". */
  readonly name?: string;
  /** Default: a URN of this project and stack from type and name. */
  readonly urn?: string;
  readonly protect?: boolean;
  readonly opts?: Partial<PolicyResourceOptions>;
  readonly provider?: PolicyProviderResource;
  /** URN of the parent (stack validation resolves it to the resource). */
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** A violation as reportViolation received it, with the URN the engine attributes it to. */
export interface Violation {
  readonly policy: string;
  readonly level: EnforcementLevel;
  readonly message: string;
  readonly urn?: string;
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

function nameOf(spec: ResourceSpec): string {
  return spec.name ?? "subject";
}

function specUrn(spec: ResourceSpec): string {
  return spec.urn ?? urnOf(spec.type, nameOf(spec));
}

/** The policy's schema defaults overlaid with `given`, as the engine configures a pack. */
export function configOf(policy: AnyPolicy, given: Config = {}): Config {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => typeof schema === "object" && schema.default !== undefined)
      .map(([key, schema]) => [key, (schema as { default: unknown }).default]),
  );
  return { ...defaults, ...given };
}

/** As the engine's isTypeOf: the class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const pulumiType = (resourceClass as { __pulumiType?: unknown })?.__pulumiType;
  if (typeof pulumiType === "string" && pulumiType.length > 0) {
    return type === pulumiType;
  }
  const isInstance = (resourceClass as { isInstance?: unknown })?.isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** Thrown by notApplicable(), as the server's NotApplicableError. */
export class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

function optionsOf(spec: ResourceSpec): PolicyResourceOptions {
  return {
    protect: spec.protect ?? false,
    ignoreChanges: [],
    deleteBeforeReplace: false,
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(spec.parent ? { parent: spec.parent } : {}),
    ...spec.opts,
  };
}

function stackTags(): ReadonlyMap<string, string> {
  return new Map([
    ["pulumi:project", PROJECT],
    ["pulumi:runtime", "nodejs"],
  ]);
}

/** Full ResourceValidationArgs for one resource, with the policy's config. */
export function resourceArgs(
  policy: AnyPolicy,
  spec: ResourceSpec,
  config: Config = {},
): ResourceValidationArgs {
  const props = unknownCheckingProxy(spec.props);
  const args: ResourceValidationArgs = {
    type: spec.type,
    props,
    urn: specUrn(spec),
    name: nameOf(spec),
    opts: optionsOf(spec),
    stackTags: stackTags(),
    isType: (resourceClass) => isTypeOf(spec.type, resourceClass),
    asType: ((resourceClass: unknown) =>
      isTypeOf(spec.type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => configOf(policy, config) as T,
    notApplicable,
  };
  if (spec.provider) {
    args.provider = spec.provider;
  }
  return args;
}

/**
 * Runs a resource policy on one resource as the server's Analyze does and returns what it
 * reported. A policy that marks itself not applicable reports nothing. An UnknownValueError is
 * not swallowed (the engine would turn it into a "can't run" note): our policies must not raise it.
 */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  spec: ResourceSpec,
  config: Config = {},
  level: EnforcementLevel = policy.enforcementLevel ?? "advisory",
): Promise<Violation[]> {
  const found: Violation[] = [];
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource
      ? [policy.validateResource]
      : [];
  for (const validate of validations) {
    try {
      await validate(resourceArgs(policy, spec, config), (message, urn) => {
        found.push({ policy: policy.name, level, message, urn: urn ?? specUrn(spec) });
      });
    } catch (error) {
      if (!(error instanceof NotApplicable)) {
        throw error;
      }
    }
  }
  return found;
}

/** The messages a resource policy reports for one resource. */
export async function violations(
  policy: ResourceValidationPolicy,
  spec: ResourceSpec,
  config: Config = {},
): Promise<string[]> {
  return (await runResourcePolicy(policy, spec, config)).map((v) => v.message);
}

/** Full StackValidationArgs: parents, dependencies and property dependencies as resources. */
export function stackArgs(
  policy: AnyPolicy,
  specs: readonly ResourceSpec[],
  config: Config = {},
): StackValidationArgs {
  const resources = specs.map((spec) => {
    const props = unknownCheckingProxy(spec.props);
    const resource: PolicyResource = {
      type: spec.type,
      props,
      urn: specUrn(spec),
      name: nameOf(spec),
      opts: optionsOf(spec),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(spec.type, resourceClass),
      asType: ((resourceClass: unknown) =>
        isTypeOf(spec.type, resourceClass) ? props : undefined) as PolicyResource["asType"],
    };
    if (spec.provider) {
      resource.provider = spec.provider;
    }
    return resource;
  });
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const resolve = (urns: readonly string[] = []) =>
    urns.map((urn) => byUrn.get(urn)).filter((r): r is PolicyResource => r !== undefined);
  specs.forEach((spec, i) => {
    const parent = spec.parent ? byUrn.get(spec.parent) : undefined;
    if (parent) {
      resources[i].parent = parent;
    }
    resources[i].dependencies = resolve(spec.dependencies);
    for (const [key, urns] of Object.entries(spec.propertyDependencies ?? {})) {
      resources[i].propertyDependencies[key] = resolve(urns);
    }
  });
  return {
    resources,
    stackTags: stackTags(),
    getConfig: <T extends object>() => configOf(policy, config) as T,
    notApplicable,
  };
}

/** Runs a stack policy over the resources as AnalyzeStack does; violations keep their URN. */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  specs: readonly ResourceSpec[],
  config: Config = {},
  level: EnforcementLevel = policy.enforcementLevel ?? "advisory",
): Promise<Violation[]> {
  const found: Violation[] = [];
  try {
    await policy.validateStack(stackArgs(policy, specs, config), (message, urn) => {
      found.push({ policy: policy.name, level, message, urn });
    });
  } catch (error) {
    if (!(error instanceof NotApplicable)) {
      throw error;
    }
  }
  return found;
}

/** One entry of a `--policy-pack-config` file: a level, or properties with an optional level. */
type PolicyConfigFile = Record<string, string | (Config & { enforcementLevel?: string })>;

/**
 * Runs every policy of a pack as the engine does in a preview: each resource policy on each
 * resource, then each stack policy over all of them. `configFile` has the format of
 * `pulumi preview --policy-pack-config`; a level given there overrides the policy's own.
 */
export async function runPack(
  pack: Policies,
  specs: readonly ResourceSpec[],
  configFile: PolicyConfigFile = {},
  packLevel: EnforcementLevel = "mandatory",
): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const policy of pack) {
    const entry = configFile[policy.name] ?? {};
    const { enforcementLevel: configured, ...config } =
      typeof entry === "string" ? { enforcementLevel: entry } : entry;
    const level = (configured ?? policy.enforcementLevel ?? packLevel) as EnforcementLevel;
    if (level === "disabled") {
      continue;
    }
    if ("validateStack" in policy) {
      found.push(...(await runStackPolicy(policy, specs, config, level)));
    } else {
      for (const spec of specs) {
        found.push(...(await runResourcePolicy(policy, spec, config, level)));
      }
    }
  }
  return found;
}

/**
 * A resource the synth recorded (scripts/lib/synthesize) as the engine would send it to the
 * pack: plaintext props (deserialized secrets), options, parent, dependencies and provider.
 */
export function specFromRecorded(
  resource: RecordedResource,
  all: readonly RecordedResource[],
): ResourceSpec {
  let provider: PolicyProviderResource | undefined;
  if (resource.provider) {
    // Recorded as `urn::id`; the URN itself contains `::`.
    const providerUrn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
    const found = all.find((r) => r.urn === providerUrn);
    if (found) {
      provider = {
        type: found.type,
        name: found.name,
        urn: found.urn,
        props: reveal(found.inputs) as Record<string, unknown>,
      };
    }
  }
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: reveal(resource.inputs) as Record<string, unknown>,
    protect: resource.options.protect,
    opts: {
      ignoreChanges: resource.options.ignoreChanges,
      additionalSecretOutputs: resource.options.additionalSecretOutputs,
      deleteBeforeReplace: resource.options.deleteBeforeReplace,
    },
    provider,
    parent: resource.parent ?? undefined,
    dependencies: resource.dependencies,
    propertyDependencies: resource.propertyDependencies,
  };
}
