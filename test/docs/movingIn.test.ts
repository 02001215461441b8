import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { reveal } from "../../scripts/lib/propertyValues";
import { runPlan, runSynth } from "../support/commandRun";
import { PROJECT_DIR, synthWithSecretConfig } from "../support/synthFixture";

// Every command in the "Moving in" documents is one the tests run or the synth shows: each
// fenced shell line is a moving-in script a tool test runs (with options the script accepts),
// the script the sector7 pre-flight writes (run by its test), a `pulumi config set` the stack
// accepts (the block's settings are synthesized together), a `pulumi stack output` the synth
// has, or an `npm run synth|plan` that is run here. Anything else fails this test.

const DOCS: Record<string, string> = {
  "moving-in-archon-prod.md": "archon-prod",
  "moving-in-sector7.md": "sector7",
};

/** Sample values for the shell variables the documents use. */
const VARIABLES: Record<string, string> = {
  OLD_POSTGRES_PASSWORD: "old-postgres-password",
  OLD_JWT_SECRET: "an-old-jwt-secret-of-the-compose-env-0123456789",
  PREFLIGHT: "/root/backups/archon-preflight/20261125T120000Z",
  KEY_VOLUME: "archon_postgres_config",
  CLI_CONTAINERS: "supabase_db_supabase supabase_kong_supabase",
};

interface Block {
  readonly doc: string;
  readonly stack: string;
  readonly lines: string[];
}

function blocks(): Block[] {
  return Object.entries(DOCS).flatMap(([doc, stack]) => {
    const text = fs.readFileSync(path.join(PROJECT_DIR, "docs", doc), "utf8");
    return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => ({
      doc,
      stack,
      lines: m[1]
        .replace(/\\\n\s*/g, " ")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#")),
    }));
  });
}

/** Shell words of a line, with "$VAR" expanded from VARIABLES and quotes removed. */
function words(line: string): string[] {
  const expanded = line.replace(/\$([A-Z_]+)/g, (_, name: string) => {
    if (!(name in VARIABLES)) {
      throw new Error(`unknown variable $${name} in: ${line}`);
    }
    return VARIABLES[name];
  });
  return [...expanded.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const testSources = fs
  .readdirSync(path.join(PROJECT_DIR, "test"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => fs.readFileSync(path.join(PROJECT_DIR, "test", f), "utf8"))
  .join("\n");

function checkScript(argv: string[]): void {
  const script = path.join(PROJECT_DIR, argv[0]);
  expect(fs.existsSync(script), argv[0]).toBe(true);
  expect(fs.statSync(script).mode & 0o111, `${argv[0]} is executable`).not.toBe(0);
  const text = fs.readFileSync(script, "utf8");
  for (const option of argv.slice(1).filter((w) => w.startsWith("--"))) {
    expect(text, `${argv[0]} accepts ${option}`).toContain(`${option})`);
  }
  // A tool test runs it on the stand-in host.
  expect(testSources).toContain(path.basename(argv[0]));
}

describe.each(blocks().map((b, i) => [`${b.doc} block ${i + 1}`, b] as const))(
  "%s",
  (_name, block) => {
    it("holds only commands the tests run or the synth shows", async () => {
      const config: string[] = [];
      const secrets: Record<string, string> = {};
      const outputsNamed: string[] = [];
      const npm: string[][] = [];
      for (const line of block.lines) {
        const argv = words(line);
        if (argv[0] === "export" && /^[A-Z_]+=/.test(argv[1] ?? "")) {
          continue;
        } else if (argv[0].startsWith("scripts/moving-in/")) {
          checkScript(argv);
        } else if (argv[0] === "sh" && argv[1]?.endsWith("/retain-volumes.sh")) {
          expect(
            fs.readFileSync(
              path.join(PROJECT_DIR, "scripts/moving-in/sector7-preflight.sh"),
              "utf8",
            ),
          ).toContain("retain-volumes.sh");
          expect(testSources).toContain('path.join(dir, "retain-volumes.sh")');
        } else if (argv[0] === "pulumi" && argv[1] === "config" && argv[2] === "set") {
          const secret = argv[3] === "--secret";
          const [key, value] = argv.slice(secret ? 4 : 3);
          expect(value, line).toBeDefined();
          if (secret) {
            secrets[key] = value;
          } else {
            config.push(`${key}=${value}`);
          }
        } else if (argv[0] === "pulumi" && argv[1] === "stack" && argv[2] === "output") {
          outputsNamed.push(argv[3]);
        } else if (argv[0] === "npm" && argv[1] === "run" && ["synth", "plan"].includes(argv[2])) {
          expect(argv[3]).toBe("--");
          npm.push(argv.slice(2));
        } else {
          throw new Error(`${block.doc}: not a command the tests run or the synth shows: ${line}`);
        }
      }
      if (config.length > 0 || Object.keys(secrets).length > 0 || outputsNamed.length > 0) {
        const result = await synthWithSecretConfig(block.stack, secrets, config);
        const outputs = reveal(result.outputs) as Record<string, unknown>;
        for (const name of outputsNamed) {
          expect(Object.keys(outputs), `output ${name}`).toContain(name);
        }
      }
      const runs = [];
      for (const [script, , ...args] of npm) {
        runs.push(
          script === "synth"
            ? await runSynth([...args, "--out", fs.mkdtempSync("/tmp/docs-synth-")])
            : await runPlan(args),
        );
      }
      for (const run of runs) {
        expect(run.stderr).not.toMatch(/error/i);
        expect(run.status).toBe(0);
      }
    }, 240_000);
  },
);
