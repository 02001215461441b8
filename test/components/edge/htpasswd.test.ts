import { createHash } from "crypto";
import { describe, expect, it } from "vitest";
import { renderHtpasswdEntry } from "../../../components/edge/htpasswd";
import { renderNginxSites, upstreamProblem } from "../../../components/edge/nginxSites";

describe("htpasswd entries", () => {
  it("hash the password with a salt nginx can check, the same on every run", () => {
    const entry = renderHtpasswdEntry("supabase", "s3cret-password");
    expect(entry).toBe(renderHtpasswdEntry("supabase", "s3cret-password"));
    const [user, hash] = entry.split(":");
    expect(user).toBe("supabase");
    const raw = Buffer.from(hash.replace("{SSHA}", ""), "base64");
    const salt = raw.subarray(20);
    expect(createHash("sha1").update("s3cret-password").update(salt).digest()).toEqual(
      raw.subarray(0, 20),
    );
    expect(entry).not.toContain("s3cret-password");
    expect(renderHtpasswdEntry("supabase", "other")).not.toBe(entry);
  });

  it("refuses a user name with a colon", () => {
    expect(() => renderHtpasswdEntry("a:b", "x")).toThrow(/no colon/);
  });
});

describe("weighted upstreams", () => {
  it("refuse an upstream where nothing would serve", () => {
    expect(upstreamProblem([])).toBe("no backends");
    expect(upstreamProblem([{ address: "a:1", weight: 0 }])).toMatch(/every backend has weight 0/);
    expect(upstreamProblem([{ address: "a", weight: 1 }])).toMatch(/host:port/);
    expect(
      upstreamProblem([
        { address: "a:1", weight: 0 },
        { address: "b:2", weight: 10 },
      ]),
    ).toBeUndefined();
  });

  it("render weight 0 as down, so a rollback keeps the backend listed", () => {
    const sites = renderNginxSites({
      archonHost: "a.example.com",
      supabaseHost: "s.example.com",
      certificatePath: "/c",
      certificateKeyPath: "/k",
      htpasswdPath: "/h",
      upstreams: {
        ui: [
          { address: "new:3737", weight: 0 },
          { address: "old:3737", weight: 100 },
        ],
        server: [{ address: "srv:8181", weight: 1 }],
        studio: [{ address: "studio:3000", weight: 1 }],
      },
    });
    expect(sites).toContain("server new:3737 down;");
    expect(sites).toContain("server old:3737 weight=100;");
  });
});
