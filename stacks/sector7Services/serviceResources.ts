import {
  DEFAULT_OLLAMA_RESOURCES,
  DEFAULT_QDRANT_RESOURCES,
} from "../../components/apps/ai/localAi";
import { DEFAULT_SUPABASE_POSTGRES_RESOURCES } from "../../components/database/kubernetes/supabaseKubernetes";
import { ContainerResources } from "../../components/toolbox/workloads/containers";
import {
  cpuMillis,
  isCpuQuantity,
  isMemoryQuantity,
  memoryMebibytes,
} from "../../components/toolbox/workloads/quantity";
import { ConfigReader } from "../config/configReader";

const r = (cpu: [string, string], memory: [string, string]): ContainerResources => ({
  requests: { cpu: cpu[0], memory: memory[0] },
  limits: { cpu: cpu[1], memory: memory[1] },
});

/**
 * Every sector7 service's cpu and memory (requests / limits) unless `services:resources` says
 * otherwise; docs/sector7-services.md lists them. Sized for the two-node cluster of seed 004:
 * the sum of requests fits one node, so either node can carry the apps alone.
 */
export const DEFAULT_SERVICE_RESOURCES = {
  heimdall: r(["50m", "500m"], ["128Mi", "512Mi"]),
  n8n: r(["250m", "2"], ["512Mi", "2Gi"]),
  nocodb: r(["100m", "1"], ["256Mi", "1Gi"]),
  nextcloud: r(["250m", "2"], ["512Mi", "2Gi"]),
  nextcloudRedis: r(["50m", "500m"], ["64Mi", "320Mi"]),
  ollama: DEFAULT_OLLAMA_RESOURCES,
  qdrant: DEFAULT_QDRANT_RESOURCES,
  supabasePostgres: DEFAULT_SUPABASE_POSTGRES_RESOURCES,
  appflowyPostgres: r(["250m", "2"], ["512Mi", "2Gi"]),
  appflowyRedis: r(["50m", "500m"], ["64Mi", "512Mi"]),
  appflowyMinio: r(["100m", "1"], ["256Mi", "1Gi"]),
  appflowyGotrue: r(["50m", "500m"], ["64Mi", "256Mi"]),
  appflowyCloud: r(["250m", "2"], ["512Mi", "2Gi"]),
  appflowyWorker: r(["100m", "1"], ["256Mi", "1Gi"]),
  appflowyWeb: r(["50m", "500m"], ["64Mi", "256Mi"]),
  appflowyAdminFrontend: r(["50m", "500m"], ["128Mi", "512Mi"]),
} as const satisfies Record<string, ContainerResources>;

export type ServiceName = keyof typeof DEFAULT_SERVICE_RESOURCES;
export type ServiceResources = Readonly<Record<ServiceName, ContainerResources>>;

const KEY = "services:resources";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `services:resources`: per service, any of requests/limits cpu/memory, e.g.
 * `{ "ollama": { "limits": { "memory": "24Gi" } } }`; what is left out keeps its default.
 * Each value is a Kubernetes quantity, and no request exceeds its limit.
 */
export function loadServiceResources(reader: ConfigReader): ServiceResources {
  const result = { ...DEFAULT_SERVICE_RESOURCES } as Record<ServiceName, ContainerResources>;
  const raw = reader.optionalStructured("services", "resources");
  if (raw === undefined) {
    return result;
  }
  if (!isRecord(raw)) {
    reader.fail(KEY, raw, "an object of service name -> { requests, limits }");
    return result;
  }
  for (const [service, value] of Object.entries(raw)) {
    if (!(service in DEFAULT_SERVICE_RESOURCES)) {
      reader.fail(
        `${KEY}.${service}`,
        value,
        `a known service: ${Object.keys(DEFAULT_SERVICE_RESOURCES).join(", ")}`,
      );
      continue;
    }
    const defaults = DEFAULT_SERVICE_RESOURCES[service as ServiceName];
    const merged = {
      requests: { ...defaults.requests },
      limits: { ...defaults.limits },
    };
    if (!isRecord(value)) {
      reader.fail(`${KEY}.${service}`, value, "an object with requests and/or limits");
      continue;
    }
    let valid = true;
    for (const [kind, quantities] of Object.entries(value)) {
      if ((kind !== "requests" && kind !== "limits") || !isRecord(quantities)) {
        reader.fail(`${KEY}.${service}.${kind}`, quantities, "requests or limits: { cpu, memory }");
        valid = false;
        continue;
      }
      for (const [resource, quantity] of Object.entries(quantities)) {
        const where = `${KEY}.${service}.${kind}.${resource}`;
        if (resource === "cpu" && typeof quantity === "string" && isCpuQuantity(quantity)) {
          merged[kind].cpu = quantity;
        } else if (
          resource === "memory" &&
          typeof quantity === "string" &&
          isMemoryQuantity(quantity)
        ) {
          merged[kind].memory = quantity;
        } else {
          reader.fail(
            where,
            quantity,
            resource === "cpu" || resource === "memory"
              ? resource === "cpu"
                ? "a cpu quantity such as 250m or 2 (quoted)"
                : "a memory quantity such as 512Mi or 2Gi"
              : "cpu or memory",
          );
          valid = false;
        }
      }
    }
    if (!valid) {
      continue;
    }
    if (cpuMillis(merged.requests.cpu)! > cpuMillis(merged.limits.cpu)!) {
      reader.fail(
        `${KEY}.${service}.requests.cpu`,
        merged.requests.cpu,
        `at most the cpu limit ${merged.limits.cpu}`,
      );
    } else if (memoryMebibytes(merged.requests.memory)! > memoryMebibytes(merged.limits.memory)!) {
      reader.fail(
        `${KEY}.${service}.requests.memory`,
        merged.requests.memory,
        `at most the memory limit ${merged.limits.memory}`,
      );
    } else {
      result[service as ServiceName] = merged;
    }
  }
  return result;
}
