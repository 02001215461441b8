import { isSecretValue, REDACTED } from "./propertyValues";
import { shortUrn } from "./planReport";
import { RecordedResource, SynthResult } from "./synthesize";

/** One input that differs between the two synths, by property path. */
export interface InputChange {
  readonly path: string;
  /** Rendered old value; "[secret]" for a secret, undefined when the input is new. */
  readonly before?: string;
  readonly after?: string;
  /**
   * For text of several lines, or a list of plain values (env, command, triggers): the lines or
   * items only the old value has, and only the new one; secrets among them as "[secret]".
   */
  readonly parts?: {
    readonly kind: "lines" | "items";
    readonly removed: readonly string[];
    readonly added: readonly string[];
  };
}

export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly changes: readonly InputChange[];
}

export interface StackComparison {
  readonly added: readonly RecordedResource[];
  readonly removed: readonly RecordedResource[];
  readonly changed: readonly ResourceChange[];
}

/**
 * Leaves of a property value by path (`envs[3]`, `spec.template.metadata`), in the engine's
 * encoding. A secret is one leaf, whatever it holds, so that only its being different shows.
 */
function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  const plain = (item: unknown) => isSecretValue(item) || item === null || typeof item !== "object";
  if (isSecretValue(value) || (Array.isArray(value) && value.every(plain))) {
    out.set(path, value);
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, value);
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(path, value);
    entries.forEach(([key, item]) =>
      leaves(
        item,
        /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}["${key}"]`,
        out,
      ),
    );
  } else {
    out.set(path, value);
  }
  return out;
}

function show(value: unknown): string {
  return isSecretValue(value) ? REDACTED : JSON.stringify(value);
}

/** What one list has and the other lacks, counting repeats (a multiset difference). */
function difference(a: string[], b: string[]): { removed: string[]; added: string[] } {
  const count = (lines: string[]) => {
    const counts = new Map<string, number>();
    lines.forEach((line) => counts.set(line, (counts.get(line) ?? 0) + 1));
    return counts;
  };
  const [inA, inB] = [count(a), count(b)];
  const only = (lines: string[], mine: Map<string, number>, theirs: Map<string, number>) => {
    const left = new Map(mine);
    return lines.filter((line) => {
      const keep = (left.get(line) ?? 0) > (theirs.get(line) ?? 0);
      left.set(line, (left.get(line) ?? 0) - 1);
      return keep;
    });
  };
  return { removed: only(a, inA, inB), added: only(b, inB, inA) };
}

function inputChanges(before: RecordedResource, after: RecordedResource): InputChange[] {
  const old = leaves(before.inputs, "", new Map());
  const now = leaves(after.inputs, "", new Map());
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true }),
  );
  return paths
    .filter((p) => JSON.stringify(old.get(p)) !== JSON.stringify(now.get(p)))
    .map((p) => {
      const [a, b] = [old.get(p), now.get(p)];
      if (typeof a === "string" && typeof b === "string" && (a + b).includes("\n")) {
        const parts = difference(a.split("\n"), b.split("\n"));
        return { path: p, before: show(a), after: show(b), parts: { kind: "lines", ...parts } };
      }
      if (Array.isArray(a) && Array.isArray(b)) {
        const parts = difference(a.map(show), b.map(show));
        return { path: p, before: show(a), after: show(b), parts: { kind: "items", ...parts } };
      }
      return {
        path: p,
        ...(old.has(p) ? { before: show(a) } : {}),
        ...(now.has(p) ? { after: show(b) } : {}),
      };
    });
}

/** What `after` would do to a stack deployed as `before`: by URN, as the engine matches them. */
export function compareSynths(before: SynthResult, after: SynthResult): StackComparison {
  const old = new Map(before.resources.map((r) => [r.urn, r]));
  const now = new Map(after.resources.map((r) => [r.urn, r]));
  return {
    added: after.resources.filter((r) => !old.has(r.urn)),
    removed: before.resources.filter((r) => !now.has(r.urn)),
    changed: after.resources
      .filter((r) => old.has(r.urn))
      .map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        changes: inputChanges(old.get(r.urn)!, r),
      }))
      .filter((change) => change.changes.length > 0),
  };
}

/** `KEY=` of an env entry or `--flag=` of an argument: what pairs an old item with its new one. */
function itemKey(item: string): string | undefined {
  return /^"([^"=]+=)/.exec(item)?.[1];
}

/** List changes, an old item paired with its new value when both start with the same `KEY=`. */
function itemLines(path: string, removed: readonly string[], added: readonly string[]): string[] {
  const out: string[] = [];
  const unpaired = [...added];
  for (const item of removed) {
    const key = itemKey(item);
    const match = key === undefined ? -1 : unpaired.findIndex((a) => itemKey(a) === key);
    if (match >= 0) {
      out.push(`      ~ ${path}: ${item} => ${unpaired[match]}`);
      unpaired.splice(match, 1);
    } else {
      out.push(`      - ${path}: ${item}`);
    }
  }
  unpaired.forEach((item) => out.push(`      + ${path}: ${item}`));
  return out;
}

/** The comparison as `pulumi preview --diff` shows one: +, -, ~ and the changed inputs. */
export function renderComparison(
  comparison: StackComparison,
  overrides: readonly string[],
): string {
  const { added, removed, changed } = comparison;
  const lines = [`compared with the committed stack file, --config ${overrides.join(" ")}:`];
  if (added.length + removed.length + changed.length === 0) {
    return `${lines[0]} no changes`;
  }
  added.forEach((r) => lines.push(`  + ${shortUrn(r.urn)}`));
  removed.forEach((r) => lines.push(`  - ${shortUrn(r.urn)}`));
  for (const change of changed) {
    lines.push(`  ~ ${shortUrn(change.urn)}`);
    for (const input of change.changes) {
      if (input.parts?.kind === "lines") {
        lines.push(`      ~ ${input.path}: text changed`);
        input.parts.removed.forEach((line) => lines.push(`          - ${line}`));
        input.parts.added.forEach((line) => lines.push(`          + ${line}`));
      } else if (input.parts?.kind === "items") {
        lines.push(...itemLines(input.path, input.parts.removed, input.parts.added));
      } else if (input.before === undefined) {
        lines.push(`      + ${input.path}: ${input.after}`);
      } else if (input.after === undefined) {
        lines.push(`      - ${input.path}: ${input.before}`);
      } else {
        lines.push(`      ~ ${input.path}: ${input.before} => ${input.after}`);
      }
    }
  }
  lines.push(
    `Resources: ${added.length} to create, ${changed.length} to update, ${removed.length} to delete`,
  );
  return lines.join("\n");
}
