import { INSTALL_COMMAND, locateTool } from "./systemTools";

/**
 * The path of a real tool the tool-backed tests run, or a clear failure naming the tool and the
 * one command that installs every tool the suite needs. Tool tests never skip: a missing tool
 * is a failed test, so CI cannot pass without having run them.
 */
export function requireTool(name: string, extraDirs: readonly string[] = []): string {
  const found = locateTool(name, extraDirs);
  if (!found) {
    throw new Error(
      `${name} is not installed, and this tool-backed test needs it: ${INSTALL_COMMAND}`,
    );
  }
  return found;
}
