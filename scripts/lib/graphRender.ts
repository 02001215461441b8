import { NodeKind, StackGraph } from "./stackGraph";

// Drawing a StackGraph (scripts/lib/stackGraph.ts builds it) in Graphviz or Mermaid.

const DOT_SHAPES: Record<NodeKind, string> = {
  container: "box",
  workload: "box3d",
  chart: "folder",
  network: "hexagon",
  volume: "cylinder",
  ingress: "invhouse",
  service: "doublecircle",
  image: "tab",
  command: "note",
};

function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Lines of a node label, centred, as Graphviz escapes them. */
function dotLines(lines: readonly string[]): string {
  return `"${lines.map((line) => dotString(line).slice(1, -1)).join("\\n")}"`;
}

/** Graphviz source; arrows point from a resource to what it depends on. */
export function renderDot(graph: StackGraph): string {
  const out: string[] = [
    `digraph ${dotString(graph.title)} {`,
    "  compound=true;",
    "  rankdir=LR;",
    `  label=${dotString(`${graph.title}: arrows point from a resource to what it depends on`)};`,
    "  labelloc=t;",
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const firstNode = new Map<string, string>();
  const children = (parent: string | null) => graph.clusters.filter((c) => c.parent === parent);
  const nodesIn = (cluster: string | null) => graph.nodes.filter((n) => n.cluster === cluster);
  const emit = (cluster: string | null, indent: string): string | undefined => {
    let first: string | undefined;
    for (const node of nodesIn(cluster)) {
      first ??= node.id;
      out.push(
        `${indent}${node.id} [shape=${DOT_SHAPES[node.kind]}, label=${dotLines(node.lines)}];`,
      );
    }
    for (const child of children(cluster)) {
      out.push(`${indent}subgraph ${child.id} {`);
      out.push(`${indent}  label=${dotString(child.label)};`);
      out.push(`${indent}  style=rounded;`);
      const inner = emit(child.id, `${indent}  `);
      out.push(`${indent}}`);
      if (inner) firstNode.set(child.id, inner);
      first ??= inner;
    }
    return first;
  };
  emit(null, "  ");
  for (const edge of graph.edges) {
    const attributes: string[] = [];
    let to = edge.to;
    if (firstNode.has(edge.to)) {
      to = firstNode.get(edge.to)!;
      attributes.push(`lhead=${edge.to}`);
    }
    if (edge.label) attributes.push(`label=${dotString(edge.label)}`);
    out.push(`  ${edge.from} -> ${to}${attributes.length ? ` [${attributes.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}

const MERMAID_SHAPES: Record<NodeKind, [string, string]> = {
  container: ["[", "]"],
  workload: ["[[", "]]"],
  chart: ["[/", "/]"],
  network: ["{{", "}}"],
  volume: ["[(", ")]"],
  ingress: ["[\\", "/]"],
  service: ["((", "))"],
  image: [">", "]"],
  command: ["[", "]"],
};

function mermaidText(lines: readonly string[]): string {
  return `"${lines.map((line) => line.replace(/"/g, "#quot;")).join("<br/>")}"`;
}

/** Mermaid flowchart; arrows point from a resource to what it depends on. */
export function renderMermaid(graph: StackGraph): string {
  const out: string[] = [
    "---",
    `title: ${graph.title} (arrows point from a resource to what it depends on)`,
    "---",
    "flowchart LR",
  ];
  const emit = (cluster: string | null, indent: string) => {
    for (const node of graph.nodes.filter((n) => n.cluster === cluster)) {
      const [open, close] = MERMAID_SHAPES[node.kind];
      out.push(`${indent}${node.id}${open}${mermaidText(node.lines)}${close}`);
    }
    for (const child of graph.clusters.filter((c) => c.parent === cluster)) {
      out.push(`${indent}subgraph ${child.id}[${mermaidText([child.label])}]`);
      emit(child.id, `${indent}  `);
      out.push(`${indent}end`);
    }
  };
  emit(null, "  ");
  for (const edge of graph.edges) {
    out.push(`  ${edge.from} -->${edge.label ? `|${edge.label}|` : ""} ${edge.to}`);
  }
  return out.join("\n") + "\n";
}

/** The diagram language a file name asks for; anything but .dot, .gv and .mmd is refused. */
export function graphFormatOf(file: string): "dot" | "mermaid" {
  if (/\.(dot|gv)$/i.test(file)) return "dot";
  if (/\.(mmd|mermaid)$/i.test(file)) return "mermaid";
  throw new Error(
    `--graph ${file}: the file name must end in .dot or .gv (Graphviz) or .mmd (Mermaid)`,
  );
}

/** The diagram in the language the file name asks for. */
export function renderGraphFor(file: string, graph: StackGraph): string {
  return graphFormatOf(file) === "dot" ? renderDot(graph) : renderMermaid(graph);
}
