import { createHash } from "crypto";
import { describe, expect, it } from "vitest";
import { isSecretValue } from "../../scripts/lib/propertyValues";
import { plainInputs, synthProjectStack, synthRejection } from "../support/synthFixture";
import { container, containersByName, outputs } from "./archonProdFixture";

type Upload = { file: string; content: string };

function uploads(resource: ReturnType<typeof container>): Record<string, string> {
  return Object.fromEntries(
    (plainInputs(resource).uploads as Upload[]).map((u) => [u.file, u.content]),
  );
}

function checkSsha(entry: string, user: string, password: string): boolean {
  const [name, hash] = entry.trim().split(":");
  const raw = Buffer.from(hash.replace("{SSHA}", ""), "base64");
  const digest = createHash("sha1").update(password).update(raw.subarray(20)).digest();
  return name === user && digest.equals(raw.subarray(0, 20));
}

describe("archon-prod edge proxy", () => {
  it("runs nginx in the one container that publishes 80 and 443 on all interfaces", async () => {
    const stack = await synthProjectStack("archon-prod");
    for (const [name, resource] of containersByName(stack)) {
      const open = (
        (plainInputs(resource).ports ?? []) as { ip: string; external: number }[]
      ).filter((p) => p.ip !== "127.0.0.1");
      expect(
        open.map((p) => [p.ip, p.external]),
        name,
      ).toEqual(
        name === "archon-nginx"
          ? [
              ["0.0.0.0", 80],
              ["0.0.0.0", 443],
            ]
          : [],
      );
    }
    const nginx = container(stack, "archon-nginx");
    expect(plainInputs(nginx).image).toBe("nginx:1.27.3-alpine");
    expect(plainInputs(nginx).volumes).toEqual([
      { hostPath: "/etc/letsencrypt", containerPath: "/etc/letsencrypt", readOnly: true },
    ]);
    const site = uploads(nginx)["/etc/nginx/conf.d/default.conf"];
    expect(site).toContain("server_name archon.example.com;");
    expect(site).toContain("server_name supabase.archon.example.com;");
    expect(site).toContain(
      "ssl_certificate /etc/letsencrypt/live/archon.example.com/fullchain.pem;",
    );
    expect(site).toContain("server archon-ui:3737 weight=100;");
    expect(site).toContain("server archon-server:8181 weight=100;");
    expect(site).toContain("server archon-studio:3000 weight=100;");
    expect(outputs(stack).archonPublicUrl).toBe("https://archon.example.com");
  });

  it("protects Studio with a hashed, secret htpasswd entry of the generated credentials", async () => {
    const stack = await synthProjectStack("archon-prod");
    const nginx = container(stack, "archon-nginx");
    const entry = uploads(nginx)["/etc/nginx/htpasswd-supabase"];
    const { studioUsername, studioPassword } = outputs(stack);
    expect(checkSsha(entry, studioUsername, studioPassword)).toBe(true);
    expect(entry).not.toContain(studioPassword);
    const index = (plainInputs(nginx).uploads as Upload[]).findIndex((u) =>
      u.file.includes("htpasswd"),
    );
    expect(isSecretValue((nginx.inputs.uploads as { content: unknown }[])[index].content)).toBe(
      true,
    );
  });

  it("in host mode writes the host's nginx through a command that re-runs only on change", async () => {
    const stack = await synthProjectStack("archon-prod", ["edge:mode=host"]);
    expect(containersByName(stack).has("archon-nginx")).toBe(false);
    const cmd = stack.resources.find((r) => r.name === "archon-edge-host-nginx")!;
    const inputs = plainInputs(cmd);
    expect(inputs.create).toContain("sudo nginx -t");
    expect(inputs.create).toContain("systemctl reload nginx");
    expect(inputs.environment.SITE_CONFIG).toContain("server 127.0.0.1:3737 weight=100;");
    expect(inputs.environment.SITE_CONFIG).toContain("server 127.0.0.1:54323 weight=100;");
    expect(isSecretValue((cmd.inputs.environment as Record<string, unknown>).HTPASSWD)).toBe(true);
    expect(inputs.triggers).toHaveLength(2);
    const again = await synthProjectStack("archon-prod", ["edge:mode=host"]);
    const triggersAgain = plainInputs(
      again.resources.find((r) => r.name === "archon-edge-host-nginx")!,
    ).triggers;
    expect(triggersAgain).toEqual(inputs.triggers);
  });

  it("makes a weighted cutover a config change", async () => {
    const stack = await synthProjectStack("archon-prod", [
      'edge:uiBackends=[{"address":"archon-ui:3737","weight":75},{"address":"10.0.0.9:3737","weight":25}]',
    ]);
    const site = uploads(container(stack, "archon-nginx"))["/etc/nginx/conf.d/default.conf"];
    expect(site).toContain("server archon-ui:3737 weight=75;");
    expect(site).toContain("server 10.0.0.9:3737 weight=25;");
  });

  it("can be turned off", async () => {
    const stack = await synthProjectStack("archon-prod", ["edge:mode=none"]);
    expect(stack.resources.filter((r) => r.type === "platform:edge:EdgeProxy")).toEqual([]);
  });

  it.each([
    [['edge:uiBackends=[{"address":"archon-ui:3737","weight":0}]'], "edge:uiBackends"],
    [["edge:mode=sidecar"], "edge:mode"],
    [["archon:publicHost=localhost"], "edge:archonHost"],
    [["edge:certificatePath=/srv/certs/full.pem"], "edge:certificatePath"],
  ])("refuses %j naming %s", async (overrides, key) => {
    const { error, registered } = await synthRejection("archon-prod", overrides);
    expect(error.message).toContain(`${key}:`);
    expect(registered).toBe(0);
  });
});
