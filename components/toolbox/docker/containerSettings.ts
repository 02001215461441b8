import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

/** Publishes `internal` on the host's loopback only: nothing reaches it but the host itself. */
export function loopbackPort(internal: number, external: number): docker.types.input.ContainerPort {
  return { internal, external, ip: "127.0.0.1", protocol: "tcp" };
}

export interface HealthcheckTiming {
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly startPeriod?: string;
}

export function healthcheck(
  tests: string[],
  timing: HealthcheckTiming,
): docker.types.input.ContainerHealthcheck {
  return { tests, ...timing };
}

/**
 * `KEY=value` pairs as the Docker API wants them, skipping unset values. A secret value keeps its
 * pair secret.
 */
export function envList(
  env: Record<string, pulumi.Input<string> | undefined>,
): pulumi.Output<string>[] {
  return Object.entries(env)
    .filter((entry): entry is [string, pulumi.Input<string>] => entry[1] !== undefined)
    .map(([key, value]) => pulumi.interpolate`${key}=${value}`);
}
