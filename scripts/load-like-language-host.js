#!/usr/bin/env node
// Loads index.ts the way `pulumi preview` and `pulumi up` do, then runs it against Pulumi's mock
// runtime for every committed stack. The Node.js language host (@pulumi/pulumi cmd/run/run.js)
// registers the project's ts-node with type checking on and the project's tsconfig merged over
// its own defaults, so a type error anywhere the program imports stops every deploy: this script
// fails the same way. Plain Node.js on purpose: tsx (used by the other scripts) skips type checks.
"use strict";
const fs = require("fs");
const path = require("path");

const usage = "usage: node scripts/load-like-language-host.js [--help]";
if (process.argv.includes("--help")) {
  console.log(
    `${usage}\n\nType-checks and loads index.ts through ts-node as Pulumi's language host does,`,
  );
  console.log(
    "then synthesizes every committed stack (Pulumi.<stack>.yaml) under the mock runtime.",
  );
  process.exit(0);
}
const root = path.resolve(__dirname, "..");
if (!fs.existsSync(path.join(root, "node_modules", "ts-node"))) {
  console.error("node_modules is missing: run `npm ci` first.");
  process.exit(1);
}
process.chdir(root);

const ts = require("typescript");
const parsed = ts.getParsedCommandLineOfConfigFile(
  "tsconfig.json",
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  },
);
// As run.js decides it: the environment variable when set, else the tsconfig's noCheck.
const transpileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY
  ? process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true"
  : Boolean(parsed.options.noCheck);
require("ts-node").register({
  compiler: "typescript",
  transpileOnly,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: "true",
    ...parsed.raw.compilerOptions,
  },
});

const { synthStack } = require("./lib/synthStack.ts");
const stacks = fs
  .readdirSync(root)
  .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file))
  .filter(Boolean)
  .map((match) => match[1]);
const entry = path.join(root, "index.ts");

(async () => {
  for (const stack of stacks) {
    delete require.cache[entry];
    const result = await synthStack({
      projectDir: root,
      stack,
      overrides: [],
      program: () => require(entry),
    });
    console.log(
      `index.ts loaded through ts-node ${transpileOnly ? "(transpiled only)" : "(type-checked)"} for stack ${stack}: ${result.resources.length} resources`,
    );
  }
})().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
