import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";

/**
 * Resource inputs as plain data, with every value that is unknown during preview left out, and a
 * record of where those unknowns were.
 *
 * The engine hands a policy its inputs wrapped in a proxy that throws `UnknownValueError` when a
 * value that only exists after an update (an image digest, a generated name) is read; the engine
 * then drops the whole policy for that resource with a "can't run during preview" note. Reading
 * through `readKnown` instead lets a policy check everything that is known and skip exactly what
 * is not, and never report a violation about a value nobody knows yet.
 */
export interface KnownInputs<T> {
  /** The inputs, unknown values removed (they read as undefined). */
  readonly value: T;
  /**
   * False when the value at `path` (dotted keys, `[i]` for array items, as in
   * `ports[0].ip`) or a value containing it is unknown.
   */
  isKnown(path: string): boolean;
}

function isUnknownValueError(error: unknown): boolean {
  return (
    error instanceof UnknownValueError ||
    (error instanceof Error && error.constructor?.name === "UnknownValueError")
  );
}

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") {
    return `${path}[${key}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}

function read(container: unknown, key: string | number, path: string, unknown: string[]): unknown {
  let item: unknown;
  try {
    item = (container as Record<string | number, unknown>)[key];
  } catch (error) {
    if (isUnknownValueError(error)) {
      unknown.push(path);
      return undefined;
    }
    throw error;
  }
  return copy(item, path, unknown);
}

/** Assets and archives (FileAsset, StringAsset, ...) are kept whole: their fields are promises. */
export function isAssetOrArchive(value: unknown): boolean {
  const v = value as { __pulumiAsset?: unknown; __pulumiArchive?: unknown } | null;
  return (
    v !== null && typeof v === "object" && (v.__pulumiAsset === true || v.__pulumiArchive === true)
  );
}

/**
 * The object behind the policy SDK's proxies (`__getSpecialProxyTarget`, possibly nested): an
 * asset's promises cannot be awaited through a proxy (Promise methods refuse a proxied receiver).
 */
function unproxied(value: object): object {
  let current = value as Record<string, unknown>;
  while (current.__isSpecialProxy === true) {
    current = current.__getSpecialProxyTarget as Record<string, unknown>;
  }
  return current;
}

function copy(value: unknown, path: string, unknown: string[]): unknown {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (isAssetOrArchive(value)) {
    return unproxied(value);
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      items.push(read(value, i, childPath(path, i), unknown));
    }
    return items;
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = read(value, key, childPath(path, key), unknown);
    if (item !== undefined) {
      result[key] = item;
    }
  }
  return result;
}

/** Reads `props` (as the engine passes them, or plain) into known values and unknown paths. */
export function readKnown<T>(props: unknown): KnownInputs<T> {
  const unknown: string[] = [];
  // Wrapping again is harmless for engine props and makes raw unknown markers throw too.
  const value = copy(unknownCheckingProxy(props as Record<string, unknown>), "", unknown) as T;
  return {
    value,
    isKnown: (path) =>
      !unknown.some((u) => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`)),
  };
}
