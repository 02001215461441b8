import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** What a stack deploys, chosen by `platform:kind`. */
export type StackKind = "archon" | "sector7";
export const STACK_KINDS: readonly StackKind[] = ["archon", "sector7"];

/** The project's own namespace: `platform:kind` and any other key declared in `config:`. */
export const PROJECT_NAMESPACE = "platform";

/**
 * Namespaces a provider reads too (`docker:host` is also the Docker provider's setting): keys
 * there that this program does not declare may be the provider's, so they are not refused.
 */
export const PROVIDER_NAMESPACES: ReadonlySet<string> = new Set(["docker"]);

/** Pulumi's config types (project.json's simpleConfigType). */
export type ConfigType = "string" | "integer" | "boolean" | "array" | "object";

/** One declared key: the fields of a Pulumi.yaml `config:` entry plus this project's own. */
export interface KeyDeclaration {
  readonly key: string;
  readonly type: ConfigType;
  readonly items?: { readonly type: string };
  readonly description: string;
  /** The literal default the program uses; absent when computed or none. */
  readonly default?: unknown;
  /** A computed default (or `none`), in words. */
  readonly defaultText?: string;
  readonly secret: boolean;
  /** Set on keys the program refuses: what replaced them. */
  readonly retired?: string;
}

export interface KindDeclarations {
  readonly title: string;
  readonly description: string;
  readonly keys: ReadonlyMap<string, KeyDeclaration>;
}

export interface ConfigDeclarations {
  /** Keys of the project's namespace (Pulumi.yaml `config:`), valid in every kind. */
  readonly project: ReadonlyMap<string, KeyDeclaration>;
  readonly kinds: Readonly<Record<StackKind, KindDeclarations>>;
}

/** The top-level Pulumi.yaml key holding the declarations the engine cannot hold in `config:`. */
export const DECLARATIONS_KEY = "x-stack-config";

export const PROJECT_FILE = path.resolve(__dirname, "..", "..", "Pulumi.yaml");

type RawEntry = Record<string, unknown>;

function declaration(key: string, raw: RawEntry, where: string): KeyDeclaration {
  if (raw === null || typeof raw !== "object") {
    throw new Error(`${where} ${key}: expected a declaration (type, description, ...)`);
  }
  const type = raw.type as ConfigType;
  if (!["string", "integer", "boolean", "array", "object"].includes(type)) {
    throw new Error(
      `${where} ${key}: type ${JSON.stringify(raw.type)} is not a Pulumi config type`,
    );
  }
  if (typeof raw.description !== "string" || raw.description.trim() === "") {
    throw new Error(`${where} ${key}: needs a description`);
  }
  return {
    key,
    type,
    items: raw.items as KeyDeclaration["items"],
    description: raw.description.trim(),
    default: raw.default,
    defaultText: typeof raw.defaultText === "string" ? raw.defaultText.trim() : undefined,
    secret: raw.secret === true,
    retired: typeof raw.retired === "string" ? raw.retired : undefined,
  };
}

/** A key of `config:` in full: Pulumi reads `kind` as `<project>:kind`. */
export function fullProjectKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Parses the declarations out of a Pulumi.yaml document. */
export function declarationsOf(document: Record<string, unknown>): ConfigDeclarations {
  const projectName = String(document.name);
  const project = new Map<string, KeyDeclaration>();
  const config = (document.config ?? {}) as Record<string, RawEntry>;
  for (const [rawKey, raw] of Object.entries(config)) {
    const key = fullProjectKey(projectName, rawKey);
    if (key.startsWith(`${projectName}:`)) {
      project.set(key, declaration(key, raw, "Pulumi.yaml config:"));
    }
  }
  const block = (document[DECLARATIONS_KEY] ?? {}) as Record<
    string,
    { title?: string; description?: string; keys?: Record<string, RawEntry> }
  >;
  const kinds = {} as Record<StackKind, KindDeclarations>;
  for (const kind of STACK_KINDS) {
    const entry = block[kind];
    if (!entry?.keys) {
      throw new Error(`Pulumi.yaml ${DECLARATIONS_KEY}: no keys declared for kind ${kind}`);
    }
    const keys = new Map<string, KeyDeclaration>();
    for (const [key, raw] of Object.entries(entry.keys)) {
      keys.set(key, declaration(key, raw, `Pulumi.yaml ${DECLARATIONS_KEY}.${kind}`));
    }
    kinds[kind] = { title: entry.title ?? kind, description: entry.description ?? "", keys };
  }
  return { project, kinds };
}

let cached: ConfigDeclarations | undefined;

/** The declarations of this project's Pulumi.yaml (read once). */
export function configDeclarations(): ConfigDeclarations {
  cached ??= declarationsOf(
    parse(fs.readFileSync(PROJECT_FILE, "utf8")) as Record<string, unknown>,
  );
  return cached;
}

/** Every key a stack of `kind` may set, the project's included. */
export function keysOfKind(kind: StackKind): ReadonlyMap<string, KeyDeclaration> {
  const declarations = configDeclarations();
  return new Map([...declarations.project, ...declarations.kinds[kind].keys]);
}

/** Whether any kind (or the project) declares `key`. */
export function isDeclared(key: string, kind?: StackKind): boolean {
  if (kind) {
    return keysOfKind(kind).has(key);
  }
  return STACK_KINDS.some((k) => keysOfKind(k).has(key));
}

/** Namespaces this program owns: every declared one but the providers'. */
export function ownedNamespaces(): ReadonlySet<string> {
  const namespaces = new Set<string>([PROJECT_NAMESPACE]);
  for (const kind of STACK_KINDS) {
    for (const key of keysOfKind(kind).keys()) {
      namespaces.add(key.slice(0, key.indexOf(":")));
    }
  }
  PROVIDER_NAMESPACES.forEach((namespace) => namespaces.delete(namespace));
  return namespaces;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `key`: case is ignored first (`archon:imagetag`), then the fewest
 * edits, a key of the same namespace winning ties.
 */
export function closestKey(key: string, candidates: Iterable<string>): string | undefined {
  const namespace = key.slice(0, key.indexOf(":"));
  let best: { key: string; score: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    const sameNamespace = candidate.startsWith(`${namespace}:`) ? 0 : 0.5;
    const score = distance + sameNamespace + (candidate === key ? 0 : 0.001);
    if (!best || score < best.score) {
      best = { key: candidate, score };
    }
  }
  return best?.key;
}

/**
 * Problems for keys set on a stack of `kind` in a namespace this program owns that the kind does
 * not declare, each naming the nearest declared key.
 */
export function unknownKeyProblems(kind: StackKind, setKeys: Iterable<string>): string[] {
  const owned = ownedNamespaces();
  const known = keysOfKind(kind);
  const usable = [...known.values()].filter((d) => !d.retired).map((d) => d.key);
  const problems: string[] = [];
  for (const key of [...setKeys].sort()) {
    const namespace = key.slice(0, key.indexOf(":"));
    if (!owned.has(namespace) || known.has(key)) {
      continue;
    }
    const other = STACK_KINDS.find((k) => k !== kind && keysOfKind(k).has(key));
    if (other) {
      problems.push(
        `${key} is set, but it is a key of ${other} stacks and this stack's platform:kind is ` +
          `${kind}: remove it (pulumi config rm ${key}) or change platform:kind`,
      );
      continue;
    }
    problems.push(
      `${key} is not a config key of ${kind} stacks; the closest known key is ` +
        `${closestKey(key, usable)} (every key: docs/configuration.md)`,
    );
  }
  return problems;
}
