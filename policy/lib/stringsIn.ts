/** Long enough to hold a secret, and only base64 characters (standard or URL-safe alphabet). */
const BASE64 = /^[A-Za-z0-9+/_-]{24,}={0,2}$/;

/**
 * The text a base64 string decodes to, when it is printable UTF-8 (as Kubernetes Secret `data`
 * and Docker `contentBase64` hold it), else undefined.
 */
export function base64Text(value: string): string | undefined {
  // `base64` wraps its output at 76 columns; Kubernetes and Docker decode it all the same.
  const compact = value.replace(/\s+/g, "");
  if (!BASE64.test(compact)) {
    return undefined;
  }
  const text = Buffer.from(compact, "base64").toString("utf8");
  return /^[\P{C}\t\n\r]*$/u.test(text) ? text : undefined;
}

/**
 * Every string inside a property value, however deep, with the path that leads to it; a string
 * that is base64 of printable text is given decoded too (its path marked `(base64)`), and so is
 * base64 inside that (a Secret's data holding an encoded file).
 */
export function* stringsIn(value: unknown, path = ""): Generator<[string, string]> {
  if (typeof value === "string") {
    const where = path || "(value)";
    yield [where, value];
    const decoded = base64Text(value);
    if (decoded !== undefined && decoded !== value) {
      yield* stringsIn(decoded, `${where} (base64)`);
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield* stringsIn(value[i], `${path}[${i}]`);
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      yield* stringsIn(item, path ? `${path}.${key}` : key);
    }
  }
}
