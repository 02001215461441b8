import * as pulumi from "@pulumi/pulumi";
import { deterministicMocks } from "./mockState";
import { StackConfig } from "./stackConfigFile";

/** One resource as the engine would receive it from the program. */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string | null;
  /** Every resource this one waits for: dependsOn plus the sources of its inputs. */
  readonly dependencies: string[];
  /** Input property -> resources it was computed from. */
  readonly propertyDependencies: Record<string, string[]>;
  /** `urn::id` of the explicit provider, if any. */
  readonly provider: string | null;
  readonly options: {
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: string[];
    readonly additionalSecretOutputs: string[];
    /** How long the engine waits, e.g. `{ create: "15m" }`; only the ones set. */
    readonly customTimeouts: { create?: string; update?: string; delete?: string };
  };
  /** Inputs in the engine's encoding: secrets are signature objects (see propertyValues). */
  readonly inputs: Record<string, unknown>;
  /** The `aliases` option: earlier identities the engine maps onto this resource. */
  readonly aliases: RecordedAlias[];
}

/**
 * One alias as the engine receives it: a full URN, or a spec whose empty fields mean "as the
 * resource is now" and whose parent is the current one unless `parentUrn` or `noParent` is set.
 */
export type RecordedAlias =
  | { readonly urn: string }
  | {
      readonly name?: string;
      readonly type?: string;
      readonly stack?: string;
      readonly project?: string;
      readonly parentUrn?: string;
      readonly noParent?: boolean;
    };

/** A resource with no options, dependencies or aliases: the engine's defaults for the rest. */
export function plainResource(
  fields: Pick<RecordedResource, "urn" | "type" | "name" | "custom" | "inputs">,
): RecordedResource {
  return {
    ...fields,
    parent: null,
    dependencies: [],
    propertyDependencies: {},
    provider: null,
    options: {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
      additionalSecretOutputs: [],
      customTimeouts: {},
    },
    aliases: [],
  };
}

export interface SynthResult {
  readonly project: string;
  readonly stack: string;
  readonly resources: RecordedResource[];
  /** Stack outputs in the engine's encoding. */
  readonly outputs: Record<string, unknown>;
}

export interface SynthOptions {
  readonly project: string;
  readonly stack: string;
  readonly config: StackConfig;
  /** Runs the program and returns its exports (or a promise of them, as the language host allows). */
  readonly program: () => object | Promise<object>;
}

/** The subset of the protobuf RegisterResourceRequest this recorder reads. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getCustomtimeouts():
    { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getAliasesList(): AliasMessage[];
  getAliasurnsList(): string[];
}

interface AliasMessage {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        hasParenturn(): boolean;
        getParenturn(): string;
        hasNoparent(): boolean;
        getNoparent(): boolean;
      }
    | undefined;
}

/** Exported by the SDK at runtime but marked internal in its typings. */
interface InternalRuntime {
  waitForRPCs(): Promise<void>;
}

interface RecordableMonitor {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterResourceRequest, callback: unknown): unknown;
}

function record(monitor: RecordableMonitor, req: RegisterResourceRequest): RecordedResource {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = [...deps.getUrnsList()].sort();
  });
  return {
    urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent: req.getParent() || null,
    dependencies: [...new Set(req.getDependenciesList())].sort(),
    propertyDependencies,
    provider: req.getProvider() || null,
    options: {
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      deleteBeforeReplace: req.getDeletebeforereplace(),
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      customTimeouts: customTimeoutsOf(req.getCustomtimeouts()),
    },
    inputs: req.getObject()?.toJavaScript() ?? {},
    aliases: aliasesOf(req),
  };
}

function aliasesOf(req: RegisterResourceRequest): RecordedAlias[] {
  const structured = req.getAliasesList().map((alias): RecordedAlias => {
    const spec = alias.getSpec();
    if (alias.hasUrn() || !spec) return { urn: alias.getUrn() };
    const fields = {
      name: spec.getName(),
      type: spec.getType(),
      stack: spec.getStack(),
      project: spec.getProject(),
      parentUrn: spec.hasParenturn() ? spec.getParenturn() : undefined,
      noParent: spec.hasNoparent() ? spec.getNoparent() : undefined,
    };
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value)) as RecordedAlias;
  });
  return [...structured, ...req.getAliasurnsList().map((urn) => ({ urn }))];
}

/**
 * Runs a Pulumi program under the mock runtime and records, for every resource, exactly what the
 * engine would receive: type, name, parent, dependencies, options and encoded inputs.
 */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  await pulumi.runtime.setMocks(deterministicMocks, options.project, options.stack, false);
  pulumi.runtime.setAllConfig(options.config.values, options.config.secretKeys);

  const monitor = pulumi.runtime.getMonitor() as unknown as RecordableMonitor;
  monitor.newUrn = (parent, type, name) =>
    engineUrn(options.stack, options.project, parent, type, name);
  const recorded: RecordedResource[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    recorded.push(record(monitor, req));
    return register(req, callback);
  };

  const exports = await options.program();
  const outputs = (await pulumi.runtime.serializeProperties("outputs", exports)) as Record<
    string,
    unknown
  >;
  // Components that register children once an invoke returns (yaml.ConfigFile decoding its
  // manifests) start new RPCs after the first wait: wait until registrations stop. Their
  // continuations run as microtasks, so one turn of the event loop (not a timer) is enough.
  let seen = -1;
  while (seen !== recorded.length) {
    seen = recorded.length;
    await (pulumi.runtime as unknown as InternalRuntime).waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
  }

  return {
    project: options.project,
    stack: options.stack,
    resources: recorded.sort((a, b) => a.urn.localeCompare(b.urn)),
    outputs,
  };
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN the engine gives a resource: the parent's whole qualified type (`a$b`), then `$type`.
 * The mock monitor keeps only the parent's last type, which is not what lands in a user's state
 * for resources nested two components deep.
 */
export function engineUrn(
  stack: string,
  project: string,
  parent: string | null,
  type: string,
  name: string,
): string {
  const parentType = parent ? parent.split("::")[2] : "";
  const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function customTimeoutsOf(
  timeouts: { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined,
): { create?: string; update?: string; delete?: string } {
  const set = Object.entries({
    create: timeouts?.getCreate(),
    update: timeouts?.getUpdate(),
    delete: timeouts?.getDelete(),
  }).filter(([, value]) => value);
  return Object.fromEntries(set);
}
