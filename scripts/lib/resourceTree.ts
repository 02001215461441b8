import { RecordedResource, SynthResult } from "./synthesize";

/**
 * The resources as `pulumi preview` lists them: one row per resource under the stack, children
 * indented under their component, then how many of each type.
 */
export function renderResourceTree(result: SynthResult): string {
  const urns = new Set(result.resources.map((r) => r.urn));
  const children = new Map<string | null, RecordedResource[]>();
  for (const resource of result.resources) {
    // Parents the recorder never saw (the stack itself) count as the root.
    const parent = resource.parent && urns.has(resource.parent) ? resource.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), resource]);
  }
  const rows: [string, string][] = [["pulumi:pulumi:Stack", `${result.project}-${result.stack}`]];
  const walk = (parent: string | null, prefix: string) => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
    );
    list.forEach((resource, index) => {
      const last = index === list.length - 1;
      rows.push([`${prefix}${last ? "└─ " : "├─ "}${resource.type}`, resource.name]);
      walk(resource.urn, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(null, "");

  const width = Math.max(...rows.map(([type]) => type.length), "Type".length);
  const counts = new Map<string, number>();
  result.resources.forEach((r) => counts.set(r.type, (counts.get(r.type) ?? 0) + 1));
  const countWidth = Math.max(...[...counts.values()].map((n) => String(n).length));
  return [
    `     ${"Type".padEnd(width)}  Name`,
    ...rows.map(([type, name]) => `  +  ${type.padEnd(width)}  ${name}`),
    "",
    "Resources:",
    `    + ${result.resources.length} to create`,
    "",
    "By type:",
    ...[...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, n]) => `    ${String(n).padStart(countWidth)}  ${type}`),
  ].join("\n");
}
