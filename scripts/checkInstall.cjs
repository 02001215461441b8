// Runs before every npm script, in plain Node without dependencies, so that a script started
// before `npm ci` says what to do instead of failing with "tsx: not found".
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const tools = ["tsx", "tsc", "vitest", "prettier"];
const missing = tools.filter(
  (tool) => !fs.existsSync(path.join(root, "node_modules", ".bin", tool)),
);
if (missing.length > 0) {
  console.error(
    `The npm packages are not installed (${missing.join(", ")} missing from node_modules): ` +
      `run \`npm ci\` first, in ${root}`,
  );
  process.exit(1);
}
