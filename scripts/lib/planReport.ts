import { PolicyDiagnostic } from "./analyzerSession";

const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];

/** Shortens a URN to `type::name`, the part people recognise. */
export function shortUrn(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4) {
    return urn || "(stack)";
  }
  const type = parts[2].split("$").pop();
  return `${type}::${parts.slice(3).join("::")}`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join("  "),
    )
    .join("\n");
}

/** The violations as a compact table (policy, level, resource, message), mandatory first. */
export function renderViolations(diagnostics: readonly PolicyDiagnostic[]): string {
  if (diagnostics.length === 0) {
    return "no policy violations";
  }
  const sorted = [...diagnostics].sort(
    (a, b) =>
      LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
      a.policy.localeCompare(b.policy) ||
      a.urn.localeCompare(b.urn),
  );
  return table([
    ["POLICY", "LEVEL", "RESOURCE", "MESSAGE"],
    ...sorted.map((d) => [
      d.policy,
      d.level,
      shortUrn(d.urn),
      d.message.replace(/\s+/g, " ").trim(),
    ]),
  ]);
}

export function countByLevel(diagnostics: readonly PolicyDiagnostic[]): Record<string, number> {
  const counts: Record<string, number> = { mandatory: 0, advisory: 0 };
  for (const d of diagnostics) {
    counts[d.level] = (counts[d.level] ?? 0) + 1;
  }
  return counts;
}

export function renderSummary(
  stack: string,
  pack: string,
  resources: number,
  diagnostics: readonly PolicyDiagnostic[],
  millis: number,
): string {
  const counts = countByLevel(diagnostics);
  const verdict = counts.mandatory > 0 ? "FAILED" : "passed";
  return (
    `${verdict}: stack ${stack}, ${resources} resources checked by ${pack}: ` +
    `${counts.mandatory} mandatory, ${counts.advisory} advisory violations (${(millis / 1000).toFixed(1)} s)`
  );
}
