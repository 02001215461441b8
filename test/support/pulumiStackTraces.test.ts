import { afterEach, describe, expect, it } from "vitest";
import { formatPulumiStacksPlainly } from "./pulumiStackTraces";

/** A call site as V8 hands it to Error.prepareStackTrace, at the given file. */
function frameAt(file: string, text: string): NodeJS.CallSite {
  return { getFileName: () => file, toString: () => text } as unknown as NodeJS.CallSite;
}

describe("stack traces captured by the Pulumi SDK", () => {
  const before = Error.prepareStackTrace;
  afterEach(() => {
    Error.prepareStackTrace = before;
  });

  it("are formatted plainly, without the current (source-mapped) formatter", () => {
    const calls: string[] = [];
    Error.prepareStackTrace = (error) => (calls.push(String(error)), "mapped");
    formatPulumiStacksPlainly();
    const sdk = frameAt(
      "/repo/node_modules/@pulumi/pulumi/runtime/debuggable.js",
      "debuggablePromise (debuggable.js:84:70)",
    );
    const caller = frameAt("/repo/components/x.ts", "new X (x.ts:3:5)");
    const stack = Error.prepareStackTrace!(new Error("capture"), [sdk, caller]);
    expect(stack).toBe(
      "Error: capture\n    at debuggablePromise (debuggable.js:84:70)\n    at new X (x.ts:3:5)",
    );
    expect(calls).toEqual([]);
  });

  it("leave every other error to the current formatter, once however often installed", () => {
    const calls: string[] = [];
    Error.prepareStackTrace = (error) => (calls.push(String(error)), "mapped");
    formatPulumiStacksPlainly();
    formatPulumiStacksPlainly();
    const own = frameAt("/repo/test/a.test.ts", "a (a.test.ts:1:1)");
    expect(Error.prepareStackTrace!(new Error("own"), [own])).toBe("mapped");
    expect(calls).toEqual(["Error: own"]);
  });
});
