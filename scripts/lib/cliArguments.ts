/** Options of the form `--name value`, `--name=value` and bare `--flag`; repeated ones collect. */
export interface ParsedArguments {
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
}

export function parseArguments(
  argv: readonly string[],
  valueOptions: readonly string[],
  flagOptions: readonly string[],
): ParsedArguments {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    if (flagOptions.includes(name) && inline === undefined) {
      flags.add(name);
    } else if (valueOptions.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) {
        throw new Error(`${name} needs a value`);
      }
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new Error(
        `unknown argument "${argv[i]}"; expected ${[...valueOptions, ...flagOptions].join(", ")}`,
      );
    }
  }
  return { values, flags };
}

export function single(args: ParsedArguments, name: string): string | undefined {
  const all = args.values.get(name) ?? [];
  if (all.length > 1) {
    throw new Error(`${name} given ${all.length} times; give it once`);
  }
  return all[0];
}
