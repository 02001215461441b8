/**
 * Property values as the Pulumi engine receives them: plain JSON, with secrets, unknowns and
 * resource references encoded by "signature" objects. These helpers read that encoding.
 */

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const REDACTED = "[secret]";

type Json = unknown;

function signature(value: Json): string | undefined {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const sig = (value as Record<string, unknown>)[SIG_KEY];
    return typeof sig === "string" ? sig : undefined;
  }
  return undefined;
}

export function isSecretValue(value: Json): boolean {
  return signature(value) === SECRET_SIG;
}

function mapValue(value: Json, onSecret: (inner: Json) => Json): Json {
  const sig = signature(value);
  if (sig === SECRET_SIG) {
    return onSecret((value as { value: Json }).value);
  }
  if (sig === RESOURCE_SIG) {
    return (value as { urn: string }).urn;
  }
  if (Array.isArray(value)) {
    return value.map((item) => mapValue(item, onSecret));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapValue(item, onSecret)]),
    );
  }
  return value;
}

/** The value with every secret replaced by "[secret]". */
export function redact(value: Json): Json {
  return mapValue(value, () => REDACTED);
}

/** The value with every secret unwrapped to its plaintext. */
export function reveal(value: Json): Json {
  return mapValue(value, (inner) => reveal(inner));
}

/** Every string that sits inside a secret, however deep. */
export function secretStrings(
  value: Json,
  insideSecret = false,
  found = new Set<string>(),
): Set<string> {
  const sig = signature(value);
  if (sig === SECRET_SIG) {
    return secretStrings((value as { value: Json }).value, true, found);
  }
  if (typeof value === "string" && insideSecret) {
    found.add(value);
  } else if (Array.isArray(value)) {
    value.forEach((item) => secretStrings(item, insideSecret, found));
  } else if (value !== null && typeof value === "object") {
    Object.values(value).forEach((item) => secretStrings(item, insideSecret, found));
  }
  return found;
}

/** Replaces every occurrence of a known secret inside free text (rendered files). */
export function redactText(text: string, secrets: ReadonlySet<string>): string {
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...secrets].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length);
  return ordered.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}
