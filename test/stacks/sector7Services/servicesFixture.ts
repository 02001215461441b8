import * as kubernetes from "@pulumi/kubernetes";
import { reveal } from "../../../scripts/lib/propertyValues";
import { RecordedResource, synthesize, SynthResult } from "../../../scripts/lib/synthesize";
import { ConfigReader } from "../../../stacks/config/configReader";
import { loadSector7ServicesConfig } from "../../../stacks/sector7Services/servicesConfig";
import {
  deploySector7Services,
  Sector7ServicesPlatform,
} from "../../../stacks/sector7Services/sector7Services";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";

export const DOMAIN = "sector7.helloworlddao.com";

/** The smallest valid configuration. */
export const BASE_CONFIG: Readonly<Record<string, string>> = {
  "cluster:domain": DOMAIN,
  "appflowy:adminEmail": "graydon@helloworlddao.com",
};

export const GPU = {
  nodeSelector: { "nvidia.com/gpu": "present" },
  runtimeClassName: "nvidia",
  resourceName: "nvidia.com/gpu",
} as const;

/** What sector7's platform hands the services, as the lead wires it. */
export function testPlatform(): Sector7ServicesPlatform {
  return {
    provider: new kubernetes.Provider("sector7-k8s", {}),
    loadBalancerIp: "192.168.2.200",
    storageClassName: "longhorn",
    clusterIssuer: "letsencrypt-prod",
    ingressClassName: "nginx",
    gpu: GPU,
  };
}

/** Reads the config with a fresh reader, asserts it, and deploys the services. */
export function servicesProgram(platform: () => Sector7ServicesPlatform = testPlatform) {
  return () => {
    const reader = new ConfigReader("sector7");
    const config = loadSector7ServicesConfig(reader);
    reader.assertValid();
    return deploySector7Services(config, platform());
  };
}

/** Synthesizes the services layer alone under the mock runtime (`without`: keys left unset). */
export function synthServices(
  overrides: Readonly<Record<string, string>> = {},
  platform?: () => Sector7ServicesPlatform,
  without: readonly string[] = [],
): Promise<SynthResult> {
  const values: Record<string, string> = { ...BASE_CONFIG, ...overrides };
  for (const key of without) {
    delete values[key];
  }
  return synthesize({
    project: "platform",
    stack: "sector7",
    config: { values, secretKeys: [] },
    program: servicesProgram(platform),
  });
}

export const TYPES = {
  namespace: "kubernetes:core/v1:Namespace",
  secret: "kubernetes:core/v1:Secret",
  claim: "kubernetes:core/v1:PersistentVolumeClaim",
  service: "kubernetes:core/v1:Service",
  configMap: "kubernetes:core/v1:ConfigMap",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  job: "kubernetes:batch/v1:Job",
  cronJob: "kubernetes:batch/v1:CronJob",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
} as const;

/** The one resource of `type` whose Kubernetes name (and namespace, when given) match. */
export function k8s(
  result: SynthResult,
  type: string,
  name: string,
  namespace?: string,
): RecordedResource {
  const found = resourcesOfType(result, type).filter((r) => {
    const meta = plainInputs(r).metadata ?? {};
    return meta.name === name && (namespace === undefined || meta.namespace === namespace);
  });
  if (found.length !== 1) {
    const names = resourcesOfType(result, type).map((r) => plainInputs(r).metadata?.name);
    throw new Error(
      `expected one ${type} ${name}, found ${found.length}; have ${names.join(", ")}`,
    );
  }
  return found[0];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** The first container of a workload (Deployment, StatefulSet, Job or CronJob). */
export function containerOf(resource: RecordedResource): Any {
  const spec = plainInputs(resource).spec;
  const pod = spec.jobTemplate ? spec.jobTemplate.spec.template.spec : spec.template.spec;
  return pod.containers[0];
}

export function podSpecOf(resource: RecordedResource): Any {
  const spec = plainInputs(resource).spec;
  return spec.jobTemplate ? spec.jobTemplate.spec.template.spec : spec.template.spec;
}

/** A container's env as name -> literal value or `secret:<name>/<key>` for secretKeyRefs. */
export function envOf(resource: RecordedResource): Record<string, string> {
  const env = (containerOf(resource).env ?? []) as Any[];
  return Object.fromEntries(
    env.map((e) => [
      e.name,
      e.valueFrom?.secretKeyRef
        ? `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`
        : e.value,
    ]),
  );
}

/** Plaintext stack outputs. */
export function outputs(result: SynthResult): Any {
  return reveal(result.outputs);
}
