import { PolicyDiagnostic } from "./analyzerSession";
import { BlindSpot } from "./blindSpots";

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

/** What the pack did not see: not analyzed at all, then seen only in part. */
export function renderBlindSpots(
  unseen: readonly BlindSpot[],
  partly: readonly BlindSpot[],
): string {
  const sections: string[] = [];
  if (unseen.length > 0) {
    sections.push(
      `not analyzed (${unseen.length}): the pack never saw what these deploy\n` +
        table([["RESOURCE", "WHY"], ...unseen.map((b) => [shortUrn(b.urn), b.reason])]),
    );
  }
  if (partly.length > 0) {
    sections.push(
      `analyzed in part (${partly.length}): review these yourself\n` +
        table([
          ["RESOURCE", "WHAT THE PACK MISSES"],
          ...partly.map((b) => [shortUrn(b.urn), b.reason]),
        ]),
    );
  }
  return sections.join("\n");
}

export interface SummaryExtras {
  /** Resources the pack could not analyze. */
  readonly unseen: number;
  readonly strict: boolean;
  readonly failed: boolean;
}

export function renderSummary(
  stack: string,
  pack: string,
  resources: number,
  diagnostics: readonly PolicyDiagnostic[],
  millis: number,
  extras: SummaryExtras = { unseen: 0, strict: false, failed: false },
): string {
  const counts = countByLevel(diagnostics);
  const failed = extras.failed || counts.mandatory > 0;
  const verdict = failed ? "FAILED" : "passed";
  const unseen =
    extras.unseen > 0 ? `, ${extras.unseen} not analyzed${extras.strict ? " (--strict)" : ""}` : "";
  return (
    `${verdict}: stack ${stack}, ${resources} resources checked by ${pack}: ` +
    `${counts.mandatory} mandatory, ${counts.advisory} advisory violations${unseen} (${(millis / 1000).toFixed(1)} s)`
  );
}
