import { describe, expect, it } from "vitest";
import { requireTool } from "../support/requireTool";

describe("tool-backed tests without their tool", () => {
  it("fail, naming the tool and the Debian package to install", () => {
    expect(() => requireTool("no-such-tool-here", "no-such-package")).toThrow(
      "no-such-tool-here is not installed, and this tool-backed test needs it: apt-get install -y no-such-package",
    );
  });

  it("find the tools .ci/run installs", () => {
    expect(requireTool("nginx", "nginx-light")).toMatch(/\/nginx$/);
    expect(requireTool("openssl", "openssl")).toMatch(/\/openssl$/);
  });
});
