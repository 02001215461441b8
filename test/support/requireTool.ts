import * as fs from "fs";
import * as path from "path";

/**
 * The path of a real tool the tool-backed tests run, or a clear failure naming the Debian
 * package that provides it (`.ci/run` installs them). Tool tests never skip: a missing tool is
 * a failed test, so CI cannot pass without having run them.
 */
export function requireTool(name: string, debianPackage: string, extraDirs: string[] = []): string {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin", ...extraDirs];
  const found = dirs
    .filter((dir) => dir !== "")
    .map((dir) => path.join(dir, name))
    .find((candidate) => {
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return fs.statSync(candidate).isFile();
      } catch {
        return false;
      }
    });
  if (!found) {
    throw new Error(
      `${name} is not installed, and this tool-backed test needs it: ` +
        `apt-get install -y ${debianPackage} (.ci/run installs it)`,
    );
  }
  return found;
}
