import { describe, expect, it } from "vitest";
import { postgresCommand } from "../../../components/database/postgresCommand";

/** The `-c name=value` pairs of a postgres command line, in order. */
function flags(command: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < command.length; i++) {
    if (command[i] === "-c") {
      const [name, ...value] = command[i + 1].split("=");
      pairs.push([name, value.join("=")]);
    }
  }
  return pairs;
}

describe("postgresCommand", () => {
  it("passes ordinary settings after the image's config file, so they win over it", () => {
    const command = postgresCommand({ shared_buffers: "256MB", max_connections: "100" });
    expect(command[0]).toBe("postgres");
    const names = flags(command).map(([name]) => name);
    expect(names[0]).toBe("config_file");
    expect(flags(command).slice(1)).toEqual([
      ["shared_buffers", "256MB"],
      ["max_connections", "100"],
    ]);
  });

  it("refuses a second config file: postgres would read it instead of the image's, which it names first", () => {
    expect(() => postgresCommand({ config_file: "/tmp/other.conf" })).toThrow(
      /Postgres settings config_file belong to the Supabase image's own configuration/,
    );
  });

  it("refuses the settings that replace the image's preloads and files, each by name", () => {
    for (const name of [
      "shared_preload_libraries",
      "session_preload_libraries",
      "hba_file",
      "data_directory",
    ]) {
      expect(() => postgresCommand({ [name]: "x", work_mem: "4MB" }), name).toThrow(
        new RegExp(`Postgres settings ${name} belong`),
      );
    }
  });
});
