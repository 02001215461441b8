import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import { EnforcementLevelName, PolicyConfigEntry, PolicySummary } from "./policyConfig";
import { plainResource, RecordedResource, SynthResult } from "./synthesize";

/** One finding of the pack, as the engine would print it. */
export interface PolicyDiagnostic {
  readonly policy: string;
  readonly level: EnforcementLevelName;
  readonly urn: string;
  readonly message: string;
  /** `analyze` (one resource) or `analyzeStack` (all of them). */
  readonly phase: "analyze" | "analyzeStack";
}

const LEVEL_BY_ENUM: Record<number, EnforcementLevelName> = {
  [analyzer.EnforcementLevel.ADVISORY]: "advisory",
  [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzer.EnforcementLevel.DISABLED]: "disabled",
  [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};
const ENUM_BY_LEVEL = Object.fromEntries(
  Object.entries(LEVEL_BY_ENUM).map(([value, name]) => [name, Number(value)]),
) as Record<EnforcementLevelName, analyzer.EnforcementLevel>;

type Unary<Req, Res> = (
  request: Req,
  callback: (err: grpc.ServiceError | null, res: Res) => void,
) => unknown;

function call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (err, response) => (err ? reject(err) : resolve(response))),
  );
}

/** The engine's side of the Analyzer protocol, for one pack. */
export class AnalyzerSession {
  private readonly client: analyzerRpc.AnalyzerClient;

  constructor(address: string) {
    this.client = new analyzerRpc.AnalyzerClient(address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
  }

  close(): void {
    this.client.close();
  }

  async info(): Promise<{ name: string; version: string; policies: PolicySummary[] }> {
    const info = await call<Empty, analyzer.AnalyzerInfo>(
      this.client.getAnalyzerInfo.bind(this.client),
      new Empty(),
    );
    return {
      name: info.getName(),
      version: info.getVersion(),
      policies: info.getPoliciesList().map((policy) => {
        const schema = policy.getConfigschema();
        return {
          name: policy.getName(),
          enforcementLevel: LEVEL_BY_ENUM[policy.getEnforcementlevel()],
          configSchema: schema
            ? {
                properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
                  string,
                  Record<string, unknown>
                >,
                required: schema.getRequiredList(),
              }
            : undefined,
        };
      }),
    };
  }

  async pluginVersion(): Promise<string> {
    const info = await call<Empty, plugin.PluginInfo>(
      this.client.getPluginInfo.bind(this.client),
      new Empty(),
    );
    return info.getVersion();
  }

  async configureStack(project: string, stack: string): Promise<void> {
    const request = new analyzer.AnalyzerStackConfigureRequest();
    request.setProject(project);
    request.setStack(stack);
    request.setDryRun(true);
    request.getTagsMap().set("pulumi:project", project);
    await call(this.client.configureStack.bind(this.client), request);
  }

  async configure(config: Record<string, Required<PolicyConfigEntry>>): Promise<void> {
    const request = new analyzer.ConfigureAnalyzerRequest();
    for (const [policy, entry] of Object.entries(config)) {
      const policyConfig = new analyzer.PolicyConfig();
      policyConfig.setEnforcementlevel(ENUM_BY_LEVEL[entry.enforcementLevel]);
      policyConfig.setProperties(Struct.fromJavaScript(entry.properties as never));
      request.getPolicyconfigMap().set(policy, policyConfig);
    }
    await call(this.client.configure.bind(this.client), request);
  }

  async analyze(
    resource: RecordedResource,
    all: readonly RecordedResource[],
  ): Promise<PolicyDiagnostic[]> {
    const request = describeResource(new analyzer.AnalyzeRequest(), resource, all);
    const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
      this.client.analyze.bind(this.client),
      request,
    );
    return diagnostics(response.getDiagnosticsList(), resource.urn, "analyze");
  }

  async analyzeStack(resources: readonly RecordedResource[]): Promise<PolicyDiagnostic[]> {
    const request = new analyzer.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((resource) => {
        const message = describeResource(new analyzer.AnalyzerResource(), resource, resources);
        message.setParent(resource.parent ?? "");
        message.setDependenciesList(resource.dependencies);
        for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
          const deps = new analyzer.AnalyzerPropertyDependencies();
          deps.setUrnsList(urns);
          message.getPropertydependenciesMap().set(key, deps);
        }
        return message;
      }),
    );
    const response = await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(
      this.client.analyzeStack.bind(this.client),
      request,
    );
    return diagnostics(response.getDiagnosticsList(), "", "analyzeStack");
  }
}

/** The fields AnalyzeRequest and AnalyzerResource share. */
interface ResourceMessage {
  setType(value: string): unknown;
  setUrn(value: string): unknown;
  setName(value: string): unknown;
  setProperties(value?: Struct): unknown;
  setOptions(value?: analyzer.AnalyzerResourceOptions): unknown;
  setProvider(value?: analyzer.AnalyzerProviderResource): unknown;
}

function describeResource<M extends ResourceMessage>(
  message: M,
  resource: RecordedResource,
  all: readonly RecordedResource[],
): M {
  message.setType(resource.type);
  message.setUrn(resource.urn);
  message.setName(resource.name);
  message.setProperties(Struct.fromJavaScript(resource.inputs as never));
  message.setOptions(resourceOptions(resource));
  const provider = providerOf(resource, all);
  if (provider) {
    message.setProvider(provider);
  }
  return message;
}

function resourceOptions(resource: RecordedResource): analyzer.AnalyzerResourceOptions {
  const options = new analyzer.AnalyzerResourceOptions();
  options.setProtect(resource.options.protect);
  options.setIgnorechangesList(resource.options.ignoreChanges);
  options.setDeletebeforereplace(resource.options.deleteBeforeReplace);
  options.setDeletebeforereplacedefined(resource.options.deleteBeforeReplace);
  options.setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs);
  options.setParent(resource.parent ?? "");
  return options;
}

function providerOf(
  resource: RecordedResource,
  all: readonly RecordedResource[],
): analyzer.AnalyzerProviderResource | undefined {
  if (!resource.provider) {
    return undefined;
  }
  const urn = resource.provider.split("::").slice(0, -1).join("::");
  const provider = all.find((r) => r.urn === urn);
  if (!provider) {
    return undefined;
  }
  const message = new analyzer.AnalyzerProviderResource();
  message.setType(provider.type);
  message.setUrn(provider.urn);
  message.setName(provider.name);
  message.setProperties(Struct.fromJavaScript(provider.inputs as never));
  return message;
}

/** The pack prefixes each message with the policy's description; the table shows it once. */
function withoutDescription(message: string, description: string): string {
  return description && message.startsWith(description)
    ? message.slice(description.length).trim()
    : message;
}

function diagnostics(
  list: analyzer.AnalyzeDiagnostic[],
  fallbackUrn: string,
  phase: PolicyDiagnostic["phase"],
): PolicyDiagnostic[] {
  return list.map((d) => ({
    policy: d.getPolicyname(),
    level: LEVEL_BY_ENUM[d.getEnforcementlevel()] ?? "advisory",
    urn: d.getUrn() || fallbackUrn,
    message: withoutDescription(d.getMessage(), d.getDescription()),
    phase,
  }));
}

/**
 * The root Stack resource, whose outputs are the stack outputs: the engine's snapshot holds it,
 * so stack policies see the outputs in AnalyzeStack (the program's mock run registers no root).
 */
export function stackResource(result: SynthResult): RecordedResource {
  const name = `${result.project}-${result.stack}`;
  return plainResource({
    urn: `urn:pulumi:${result.stack}::${result.project}::pulumi:pulumi:Stack::${name}`,
    type: "pulumi:pulumi:Stack",
    name,
    custom: false,
    inputs: result.outputs,
  });
}

/** Everything the engine does with a pack during a preview, in the engine's order. */
export async function analyzeSynthResult(
  session: AnalyzerSession,
  result: SynthResult,
  config: (policies: readonly PolicySummary[]) => Record<string, Required<PolicyConfigEntry>>,
): Promise<{ pack: string; policies: PolicySummary[]; diagnostics: PolicyDiagnostic[] }> {
  const info = await session.info();
  await session.pluginVersion();
  await session.configureStack(result.project, result.stack);
  await session.configure(config(info.policies));
  const found: PolicyDiagnostic[] = [];
  for (const resource of result.resources) {
    found.push(...(await session.analyze(resource, result.resources)));
  }
  found.push(...(await session.analyzeStack([...result.resources, stackResource(result)])));
  return { pack: `${info.name}@${info.version}`, policies: info.policies, diagnostics: found };
}
