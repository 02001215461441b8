import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { requireTool } from "./requireTool";
import {
  DEBIAN_PACKAGES,
  INSTALL_COMMAND,
  missingToolsMessage,
  pathWithPostgresFirst,
} from "./systemTools";

const ROOT = path.resolve(__dirname, "..", "..");

describe("tool-backed tests without their tool", () => {
  it("fail, naming the tool and the one command that installs every tool", () => {
    expect(() => requireTool("no-such-tool-here")).toThrow(
      `no-such-tool-here is not installed, and this tool-backed test needs it: ${INSTALL_COMMAND}`,
    );
  });

  it("stop the run with one line listing only what is missing", () => {
    const message = missingToolsMessage(["nginx", "no-such-tool-here"])!;
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toContain("need no-such-tool-here,");
    expect(message).not.toContain("nginx,");
    expect(message).toMatch(/apt-get install -y --no-install-recommends nginx-light postgresql/);
    expect(missingToolsMessage(["nginx", "pg_isready", "initdb"])).toBeUndefined();
  });

  it("find the tools .ci/run installs", () => {
    expect(requireTool("nginx")).toMatch(/\/nginx$/);
    expect(requireTool("initdb")).toMatch(/\/initdb$/);
  });

  it("name the same packages in README.md's install line and in .ci/run", () => {
    const line = DEBIAN_PACKAGES.join(" ");
    expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain(INSTALL_COMMAND);
    expect(fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8")).toContain(
      `DEBIAN_PACKAGES="${line}"`,
    );
  });
});

describe("the PostgreSQL clients the tests call", () => {
  const newest = fs
    .readdirSync("/usr/lib/postgresql")
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `/usr/lib/postgresql/${version}/bin`)[0];

  it("come from Debian's newest versioned directory, not the Perl wrapper on PATH", () => {
    // test/setup.ts put the directory first for every test and every script they run.
    expect(process.env.PATH!.split(":")[0]).toBe(newest);
    const psql = requireTool("psql");
    expect(psql).toBe(path.join(newest, "psql"));
    expect(fs.readFileSync(psql).subarray(0, 4).toString("latin1")).toBe("\x7fELF");
  });

  it("keep the rest of PATH in order, once", () => {
    expect(pathWithPostgresFirst(`/a::${newest}:/b`)).toBe(`${newest}:/a:/b`);
  });
});
