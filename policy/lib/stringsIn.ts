/** Every string inside a property value, however deep, with the path that leads to it. */
export function* stringsIn(value: unknown, path = ""): Generator<[string, string]> {
  if (typeof value === "string") {
    yield [path || "(value)", value];
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
