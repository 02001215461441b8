import { describe, expect, it } from "vitest";
import { parseFileBundle, renderFileBundle } from "../../../components/toolbox/hosts/fileBundle";

describe("file bundles on a command's standard input", () => {
  it("carry files line by line and read back exactly", () => {
    const files = [
      { path: "/etc/nginx/sites-available/archon", content: "server {\n  listen 80;\n}\n" },
      { path: "/etc/nginx/.htpasswd-supabase", content: "supabase:{SSHA}abc=\n" },
      { path: "/tmp/empty", content: "" },
    ];
    const bundle = renderFileBundle(files);
    expect(bundle.split("\n")).toHaveLength(4);
    expect(bundle).not.toContain("listen 80");
    expect(parseFileBundle(bundle)).toEqual(files);
  });

  it("refuse relative paths and paths with spaces", () => {
    expect(() => renderFileBundle([{ path: "etc/x", content: "" }])).toThrow(/absolute/);
    expect(() => renderFileBundle([{ path: "/etc/a b", content: "" }])).toThrow(/absolute/);
  });

  it("are not mistaken in other standard input", () => {
    expect(parseFileBundle("hello\n")).toBeUndefined();
    expect(parseFileBundle("/etc/x aGk=")).toBeUndefined();
  });
});
