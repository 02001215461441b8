import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import { synthServices, TYPES } from "./servicesFixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthServices({ "services:nextcloudEnabled": "true" });
});

/** Each workload's namespace, pod labels and container ports. */
function workloads() {
  return [TYPES.deployment, TYPES.statefulSet].flatMap((type) =>
    resourcesOfType(stack, type).map((r) => {
      const inputs = plainInputs(r);
      const pod = inputs.spec.template;
      return {
        name: `${inputs.metadata.namespace}/${inputs.metadata.name}`,
        namespace: inputs.metadata.namespace as string,
        labels: (pod.metadata?.labels ?? {}) as Record<string, string>,
        ports: (pod.spec.containers ?? []).flatMap(
          (c: { ports?: { name?: string; containerPort: number }[] }) => c.ports ?? [],
        ) as { name?: string; containerPort: number }[],
      };
    }),
  );
}

describe("every Service reaches a container port", () => {
  it("selects pods, and each target port (by name or number) is a port of those pods' containers", () => {
    const pods = workloads();
    const services = resourcesOfType(stack, TYPES.service).map(plainInputs);
    expect(services.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const service of services) {
      const selector = (service.spec.selector ?? {}) as Record<string, string>;
      const where = `${service.metadata.namespace}/${service.metadata.name}`;
      const selected = pods.filter(
        (p) =>
          p.namespace === service.metadata.namespace &&
          Object.entries(selector).every(([k, v]) => p.labels[k] === v),
      );
      if (Object.keys(selector).length === 0 || selected.length === 0) {
        problems.push(`${where} selects no pod`);
        continue;
      }
      for (const port of service.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        for (const pod of selected) {
          const found = pod.ports.some((p) =>
            typeof target === "string" ? p.name === target : p.containerPort === target,
          );
          if (!found)
            problems.push(`${where} port ${port.port} → ${target}: not a port of ${pod.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("names every container of every workload validly, once per pod (the API server refuses otherwise)", () => {
    const problems: string[] = [];
    for (const type of [TYPES.deployment, TYPES.statefulSet]) {
      for (const inputs of resourcesOfType(stack, type).map(plainInputs)) {
        const spec = inputs.spec.template.spec;
        const names = [...(spec.initContainers ?? []), ...spec.containers].map(
          (c: { name?: string }) => c.name ?? "",
        );
        const where = `${inputs.metadata.namespace}/${inputs.metadata.name}`;
        for (const name of names) {
          if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
            problems.push(`${where}: container name ${JSON.stringify(name)}`);
          }
        }
        if (new Set(names).size !== names.length) problems.push(`${where}: names repeat`);
      }
    }
    expect(problems).toEqual([]);
  });
});
