import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArguments } from "./lib/cliArguments";

const REPO = path.resolve(__dirname, "..");
/** The committed stacks whose pictures the docs show. */
export const DOC_STACKS = ["archon-prod", "sector7"] as const;
export const GRAPH_DIR = path.join(REPO, "docs", "graphs");

const HELP = `usage: npm run docs:graphs [-- --no-svg]

Synthesizes each committed stack (${DOC_STACKS.join(", ")}) offline and writes its picture to
docs/graphs/<stack>.dot, then renders docs/graphs/<stack>.svg with Graphviz \`dot\`
(Debian: apt-get install graphviz). A test regenerates the .dot files and fails when they
differ from the committed ones: run this after a change to what a stack deploys.

  --no-svg   write only the .dot files (for a machine without Graphviz)
  --help     show this help`;

/** Renders a Graphviz file to SVG with the `dot` binary; undefined when it is not installed. */
export function renderSvg(dotFile: string): string | undefined {
  const run = spawnSync("dot", ["-Tsvg", dotFile], { encoding: "utf8" });
  if (run.error && (run.error as NodeJS.ErrnoException).code === "ENOENT") {
    return undefined;
  }
  if (run.status !== 0) {
    throw new Error(`dot -Tsvg ${dotFile} failed: ${run.stderr}`);
  }
  return run.stdout;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2), [], ["--no-svg", "--help"]);
  if (args.flags.has("--help")) {
    console.log(HELP);
    return;
  }
  // Loaded after --help: they import the whole program.
  const { renderDot } = require("./lib/graphRender") as typeof import("./lib/graphRender");
  const { buildStackGraph } = require("./lib/stackGraph") as typeof import("./lib/stackGraph");
  const { synthStack } = require("./lib/synthStack") as typeof import("./lib/synthStack");
  const { runStack } = require("../stacks/selectStack") as typeof import("../stacks/selectStack");
  fs.mkdirSync(GRAPH_DIR, { recursive: true });
  for (const stack of DOC_STACKS) {
    const result = await synthStack({ projectDir: REPO, stack, program: () => runStack(stack) });
    const dotFile = path.join(GRAPH_DIR, `${stack}.dot`);
    fs.writeFileSync(dotFile, renderDot(buildStackGraph(result)));
    console.log(`wrote ${path.relative(REPO, dotFile)}`);
    if (!args.flags.has("--no-svg")) {
      const svg = renderSvg(dotFile);
      if (svg === undefined) {
        throw new Error(
          "Graphviz `dot` is not installed: apt-get install graphviz (or use --no-svg)",
        );
      }
      fs.writeFileSync(path.join(GRAPH_DIR, `${stack}.svg`), svg);
      console.log(`wrote docs/graphs/${stack}.svg`);
    }
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
