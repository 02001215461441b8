import * as fs from "fs";
import * as path from "path";
import { configDeclarations } from "../stacks/config/declarations";
import { renderConfigurationDoc } from "./lib/configDocs";

const USAGE = `usage: npm run docs:config [-- --check]

Writes docs/configuration.md from the config declarations in Pulumi.yaml; --check only reports
whether the file is up to date (exit 1 when not).`;

export const CONFIGURATION_DOC = path.resolve(__dirname, "..", "docs", "configuration.md");

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const rendered = await renderConfigurationDoc(configDeclarations());
  const current = fs.existsSync(CONFIGURATION_DOC)
    ? fs.readFileSync(CONFIGURATION_DOC, "utf8")
    : "";
  if (argv.includes("--check")) {
    if (current !== rendered) {
      console.error("docs/configuration.md is out of date: run npm run docs:config");
      return 1;
    }
    console.log("docs/configuration.md is up to date");
    return 0;
  }
  fs.writeFileSync(CONFIGURATION_DOC, rendered);
  console.log(`wrote ${path.relative(process.cwd(), CONFIGURATION_DOC)}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
