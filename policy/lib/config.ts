import { PolicyConfigSchema } from "@pulumi/policy";

/**
 * A policy's configuration: the defaults of its schema overlaid with what `getConfig` returns.
 * The Pulumi engine sends the defaults itself; this keeps the policy right when a runner does not.
 */
export function configWithDefaults<T>(schema: PolicyConfigSchema, given: object): T {
  const defaults = Object.fromEntries(
    Object.entries(schema.properties)
      .filter(([, property]) => typeof property === "object" && property.default !== undefined)
      .map(([key, property]) => [key, (property as { default: unknown }).default]),
  );
  return { ...defaults, ...given } as T;
}
