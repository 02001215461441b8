import { looksLikeSecretName, urlPasswords } from "../../policy/lib/secretNames";
import { isSecretValue } from "./propertyValues";
import { RecordedResource } from "./synthesize";

/** A resource whose content the pack never received under the offline plan. */
export interface BlindSpot {
  readonly urn: string;
  readonly type: string;
  readonly reason: string;
}

/** Why components of these types arrive without children offline (the provider expands them). */
const PROVIDER_COMPONENTS: Readonly<Record<string, string>> = {
  "kubernetes:yaml/v2:ConfigFile":
    "the provider reads and registers its objects; the plan runs no provider",
  "kubernetes:yaml/v2:ConfigGroup":
    "the provider reads and registers its objects; the plan runs no provider",
  "kubernetes:helm.sh/v4:Chart": "the provider renders the chart; the plan runs no provider",
  "kubernetes:helm.sh/v3:Chart":
    "rendered by `helm template` inside the provider; the plan runs no provider",
  "kubernetes:kustomize/v2:Directory": "the provider runs kustomize; the plan runs no provider",
  "kubernetes:kustomize:Directory":
    "expanded by the provider's kustomize; the plan runs no provider",
  "kubernetes:yaml:ConfigFile": "its manifest produced no objects",
  "kubernetes:yaml:ConfigGroup": "its manifests produced no objects",
};

/**
 * Components that should have registered the objects they deploy as children but did not: the
 * pack saw none of those objects. Any Kubernetes component without children counts, so a
 * component type added later is not silently trusted.
 */
export function blindSpots(resources: readonly RecordedResource[]): BlindSpot[] {
  const parents = new Set(resources.map((r) => r.parent).filter((p): p is string => !!p));
  return resources
    .filter((r) => !r.custom && r.type.startsWith("kubernetes:") && !parents.has(r.urn))
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      reason: PROVIDER_COMPONENTS[r.type] ?? "a Kubernetes component without children",
    }));
}

/** Resources the pack checks only in part; reported, never failing the plan. */
export function partlySeen(resources: readonly RecordedResource[]): BlindSpot[] {
  return resources.flatMap((r) => {
    if (r.type === "kubernetes:helm.sh/v3:Release") {
      return [{ urn: r.urn, type: r.type, reason: "values seen, rendered objects not" }];
    }
    if (r.type === "command:local:Command" || r.type === "command:remote:Command") {
      return [{ urn: r.urn, type: r.type, reason: "a shell script: what it changes is not seen" }];
    }
    return [];
  });
}

/**
 * Stack outputs that carry a credential in plain text: named like one, or a URL with a
 * password, and not a secret. The pack cannot tell (the policy SDK unwraps secrets before a
 * policy reads them); the plan still holds the engine's encoding and can.
 */
export function plainCredentialOutputs(outputs: Record<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: string, name: string): void => {
    if (isSecretValue(value as never)) {
      return;
    }
    if (typeof value === "string") {
      if ((looksLikeSecretName(name) && value !== "") || urlPasswords(value).length > 0) {
        found.push(path);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, name));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        visit(item, `${path}.${key}`, key);
      }
    }
  };
  for (const [key, value] of Object.entries(outputs)) {
    visit(value, key, key);
  }
  return found;
}
