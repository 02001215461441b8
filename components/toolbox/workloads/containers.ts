import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

type EnvVar = kubernetes.types.input.core.v1.EnvVar;
type Probe = kubernetes.types.input.core.v1.Probe;

/** cpu and memory a container asks for and may use at most, e.g. `{ cpu: "250m", memory: "512Mi" }`. */
export interface ComputeQuantities {
  readonly cpu: string;
  readonly memory: string;
}

/** What a container is guaranteed (requests) and its ceiling (limits). */
export interface ContainerResources {
  readonly requests: ComputeQuantities;
  readonly limits: ComputeQuantities;
}

/**
 * A container's resources; `extended` (e.g. `{ "nvidia.com/gpu": "1" }`) goes into both requests
 * and limits, which Kubernetes requires to be equal for extended resources.
 */
export function resourcesOf(
  resources: ContainerResources,
  extended: Readonly<Record<string, string>> = {},
): kubernetes.types.input.core.v1.ResourceRequirements {
  return {
    requests: { ...resources.requests, ...extended },
    limits: { ...resources.limits, ...extended },
  };
}

/** Plain environment variables, in order. Never pass a credential here: use {@link secretEnv}. */
export function plainEnv(values: Readonly<Record<string, pulumi.Input<string>>>): EnvVar[] {
  return Object.entries(values).map(([name, value]) => ({ name, value }));
}

/** An environment variable read from a Secret's key (the only way credentials reach a pod). */
export function secretEnv(
  name: string,
  secretName: pulumi.Input<string>,
  key: string = name,
): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/**
 * Kubernetes expands `$(NAME)` in an env value from variables defined earlier in the same
 * container. Connection URLs use it to embed a password that arrived through {@link secretEnv},
 * so the URL itself carries no credential.
 */
export function envReference(name: string): string {
  return `$(${name})`;
}

interface ProbeTiming {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

const LIVENESS: ProbeTiming = { periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 };
const READINESS: ProbeTiming = { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };

/** How a container is checked; the same check serves liveness and readiness unless told apart. */
export type HealthCheck =
  | {
      readonly kind: "http";
      readonly path: string;
      readonly port: number;
      /** e.g. a Host header for apps that only answer their public name. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: "tcp"; readonly port: number }
  | { readonly kind: "exec"; readonly command: readonly string[] };

function probe(check: HealthCheck, timing: ProbeTiming): Probe {
  const action: Probe =
    check.kind === "http"
      ? {
          httpGet: {
            path: check.path,
            port: check.port,
            httpHeaders: Object.entries(check.headers ?? {}).map(([name, value]) => ({
              name,
              value,
            })),
          },
        }
      : check.kind === "tcp"
        ? { tcpSocket: { port: check.port } }
        : { exec: { command: [...check.command] } };
  return { ...action, ...timing };
}

export interface HealthProbes {
  readonly livenessProbe: Probe;
  readonly readinessProbe: Probe;
  readonly startupProbe: Probe;
}

/**
 * Liveness, readiness and a startup probe that gives a slow first start (migrations, initdb)
 * `startupSeconds` before liveness may restart the container.
 */
export function healthProbes(
  liveness: HealthCheck,
  readiness: HealthCheck = liveness,
  startupSeconds = 300,
): HealthProbes {
  const period = 10;
  return {
    livenessProbe: probe(liveness, LIVENESS),
    readinessProbe: probe(readiness, READINESS),
    startupProbe: probe(liveness, {
      periodSeconds: period,
      timeoutSeconds: 5,
      failureThreshold: Math.ceil(startupSeconds / period),
    }),
  };
}

/** Labels every object of one workload carries; the selector uses the first two. */
export function appLabels(name: string, partOf?: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": name,
    "app.kubernetes.io/managed-by": "pulumi",
    ...(partOf ? { "app.kubernetes.io/part-of": partOf } : {}),
  };
}

/** The selector that matches {@link appLabels}. */
export function selectorOf(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
}
