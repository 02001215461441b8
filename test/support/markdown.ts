import * as fs from "fs";
import * as path from "path";

/** The lines of a Markdown file outside fenced code blocks, with their 1-based numbers. */
export function proseLines(text: string): { line: string; number: number }[] {
  const out: { line: string; number: number }[] = [];
  let fence: string | undefined;
  text.split("\n").forEach((line, index) => {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      return;
    }
    if (!fence) out.push({ line, number: index + 1 });
  });
  return out;
}

function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)[^`]*?\1/g, "");
}

/**
 * The anchor GitHub gives a heading: lower case, punctuation except `-` and `_` dropped, spaces
 * to hyphens; a repeated heading gets `-1`, `-2`, ...
 */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`/g, "")
    .replace(/<[^>]+>/g, "")
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** Every anchor a Markdown file's headings define. */
export function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = githubSlug(heading[1]);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

export interface MarkdownLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/** Inline links and images of a file, code excluded. */
export function markdownLinks(file: string, text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, number } of proseLines(text)) {
    for (const match of withoutCodeSpans(line).matchAll(
      /\]\(([^()\s]+(?:\([^()]*\))?)(?:\s+"[^"]*")?\)/g,
    )) {
      links.push({ file, line: number, target: match[1] });
    }
  }
  return links;
}

/** What is wrong with a relative link, or undefined when it resolves (file and anchor). */
export function brokenLink(link: MarkdownLink, root: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) {
    return undefined; // https:, mailto: and the like are not checked offline
  }
  const [rawPath, anchor] = link.target.split("#", 2);
  const target =
    rawPath === "" ? link.file : path.resolve(path.dirname(link.file), decodeURI(rawPath));
  if (!target.startsWith(root)) {
    return `${link.target} leaves the repository`;
  }
  if (!fs.existsSync(target)) {
    return `${link.target}: no such file`;
  }
  if (anchor !== undefined) {
    if (!target.endsWith(".md")) {
      return `${link.target}: an anchor into a file that is not Markdown`;
    }
    if (!headingAnchors(fs.readFileSync(target, "utf8")).has(anchor)) {
      return `${link.target}: no heading with the anchor #${anchor} in ${path.relative(root, target)}`;
    }
  }
  return undefined;
}

/** Cells of a table row, split on pipes that are not escaped. */
export function tableCells(row: string): string[] {
  const trimmed = row
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/** Tables GitHub would not render as tables: no separator row, or rows of another width. */
export function tableProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = proseLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].line.trimStart().startsWith("|")) continue;
    const block = [];
    while (i < lines.length && lines[i].line.trimStart().startsWith("|")) block.push(lines[i++]);
    const width = tableCells(block[0].line).length;
    const separator = block[1] ? tableCells(block[1].line) : [];
    if (separator.length !== width || !separator.every((cell) => /^:?-+:?$/.test(cell))) {
      problems.push(`line ${block[0].number}: a table without a separator row under its header`);
      continue;
    }
    for (const row of block.slice(2)) {
      if (tableCells(row.line).length !== width) {
        problems.push(
          `line ${row.number}: ${tableCells(row.line).length} cells, the header has ${width}`,
        );
      }
    }
  }
  return problems;
}

/** README.md and every Markdown file under docs/. */
export function documentationFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith(".md") ? [full] : [];
    });
  return [path.join(root, "README.md"), ...walk(path.join(root, "docs"))].sort();
}
