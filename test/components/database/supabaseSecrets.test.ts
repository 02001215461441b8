import * as pulumi from "@pulumi/pulumi";
import * as jwt from "jsonwebtoken";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  SupabaseSecrets,
  SupabaseSecretsArgs,
} from "../../../components/database/secrets/supabaseSecrets";
import { synthesize } from "../../../scripts/lib/synthesize";
import { freshMocks } from "../../support/mockRuntime";
import { unwrap } from "../../support/unwrap";

const TIMES = { jwtIssuedAt: 1767225600, jwtExpiresAt: 2082758400 };

async function secrets(args: SupabaseSecretsArgs = TIMES): Promise<SupabaseSecrets> {
  await freshMocks();
  return new SupabaseSecrets("test-secrets", args);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("SupabaseSecrets", () => {
  it("marks every credential a secret", async () => {
    const s = await secrets();
    for (const [key, output] of Object.entries({
      postgresPassword: s.postgresPassword,
      jwtSecret: s.jwtSecret,
      anonKey: s.anonKey,
      serviceRoleKey: s.serviceRoleKey,
      dashboardPassword: s.dashboardPassword,
      pgMetaCryptoKey: s.pgMetaCryptoKey,
    })) {
      expect(await pulumi.isSecret(output), key).toBe(true);
    }
  });

  it("generates a JWT secret of at least 40 characters and passwords without URL-unsafe characters", async () => {
    const s = await secrets();
    expect((await unwrap(s.jwtSecret)).length).toBeGreaterThanOrEqual(40);
    expect(await unwrap(s.postgresPassword)).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(await unwrap(s.dashboardPassword)).toMatch(/^[A-Za-z0-9]{24,}$/);
    expect(await unwrap(s.pgMetaCryptoKey)).toMatch(/^[A-Za-z0-9]{32,}$/);
  });

  it.each(["anon", "service_role"] as const)(
    "signs a %s key that verifies against the secret with iss supabase and a future exp",
    async (role) => {
      const s = await secrets();
      const secret = await unwrap(s.jwtSecret);
      const token = await unwrap(role === "anon" ? s.anonKey : s.serviceRoleKey);
      const claims = jwt.verify(token, secret, { algorithms: ["HS256"], issuer: "supabase" });
      expect(claims).toMatchObject({ role, iss: "supabase", iat: TIMES.jwtIssuedAt });
      expect((claims as jwt.JwtPayload).exp).toBe(TIMES.jwtExpiresAt);
      expect(TIMES.jwtExpiresAt * 1000).toBeGreaterThan(Date.now());
      expect(jwt.decode(token, { complete: true })?.header.alg).toBe("HS256");
    },
  );

  it("signs identical keys on every run (no fresh iat)", async () => {
    vi.setSystemTime(new Date("2026-03-01T00:00:00Z"));
    const first = await unwrap((await secrets()).anonKey);
    vi.setSystemTime(new Date("2027-06-01T00:00:00Z"));
    const second = await unwrap((await secrets()).anonKey);
    expect(second).toBe(first);
  });

  it("signs with a supplied secret and keeps it secret", async () => {
    const supplied = "a-supplied-secret-that-is-long-enough-1234";
    const s = await secrets({ ...TIMES, jwtSecret: supplied });
    expect(await pulumi.isSecret(s.jwtSecret)).toBe(true);
    const token = await unwrap(s.serviceRoleKey);
    expect(jwt.verify(token, supplied)).toMatchObject({ role: "service_role" });
  });

  it("refuses keys that would expire before they are issued", async () => {
    await freshMocks();
    expect(
      () => new SupabaseSecrets("bad", { jwtIssuedAt: 2000000000, jwtExpiresAt: 1000000000 }),
    ).toThrow(/jwtExpiresAt \(1000000000\) must be after jwtIssuedAt \(2000000000\)/);
  });
});

describe("SupabaseSecrets boundaries", () => {
  it("refuses keys that expire the second they are issued", async () => {
    await freshMocks();
    expect(
      () => new SupabaseSecrets("same", { jwtIssuedAt: 1767225600, jwtExpiresAt: 1767225600 }),
    ).toThrow("jwtExpiresAt (1767225600) must be after jwtIssuedAt (1767225600)");
    await freshMocks();
    const oneSecond = new SupabaseSecrets("one", { jwtIssuedAt: 10, jwtExpiresAt: 11 });
    expect((jwt.decode(await unwrap(oneSecond.anonKey)) as jwt.JwtPayload).exp).toBe(11);
  });

  it("logs Studio in as supabase unless told otherwise, and generates distinct credentials", async () => {
    const s = await secrets();
    expect(await unwrap(s.dashboardUsername)).toBe("supabase");
    const given = await secrets({ ...TIMES, dashboardUsername: "ops" });
    expect(await unwrap(given.dashboardUsername)).toBe("ops");
    const values = await Promise.all(
      [s.postgresPassword, s.jwtSecret, s.dashboardPassword, s.pgMetaCryptoKey].map(unwrap),
    );
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) {
      expect(value).toMatch(/^[A-Za-z0-9]+$/);
    }
    expect(await unwrap(s.anonKey)).not.toBe(await unwrap(s.serviceRoleKey));
  });
});

describe("SupabaseSecrets' generated values", () => {
  /** Registers under mocks that honour `special` as the provider does, and records each one. */
  async function recorded() {
    const made: { name: string; inputs: Record<string, unknown> }[] = [];
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          made.push({ name: args.name, inputs: args.inputs });
          const length = Number(args.inputs.length ?? 16);
          const alphabet = args.inputs.special === false ? "aB3" : "aB3!#%";
          const result = Array.from({ length }, (_, i) => alphabet[i % alphabet.length]).join("");
          return {
            id: `${args.name}-id`,
            state: { ...args.inputs, result: `${result}${args.name}` },
          };
        },
        call: () => ({}),
      },
      "platform",
      "test",
      false,
    );
    const s = new SupabaseSecrets("test-secrets", TIMES);
    return { s, made };
  }

  it("asks the provider for URL-safe values, each its own resource under a stable name", async () => {
    const { s, made } = await recorded();
    for (const output of [
      s.postgresPassword,
      s.jwtSecret,
      s.dashboardPassword,
      s.pgMetaCryptoKey,
    ]) {
      expect(await unwrap(output)).toMatch(/^[A-Za-z0-9-]+$/);
    }
    const names = made.filter((m) => m.name !== "test-secrets").map((m) => m.name);
    // URNs are identity: a renamed password is a new password (and a broken deployment).
    expect(names.sort()).toEqual(
      [
        "test-secrets-dashboard-password",
        "test-secrets-jwt-secret",
        "test-secrets-pg-meta-crypto-key",
        "test-secrets-postgres-password",
      ].sort(),
    );
  });
});

describe("SupabaseSecrets' identities", () => {
  it("registers each generated value under the component, so its URN stays put", async () => {
    const { resources } = await synthesize({
      project: "platform",
      stack: "test",
      config: { values: {}, secretKeys: [] },
      program: () => {
        new SupabaseSecrets("test-secrets", TIMES);
        return {};
      },
    });
    const component = resources.find((r) => r.name === "test-secrets")!;
    const passwords = resources.filter(
      (r) => r.type === "random:index/randomPassword:RandomPassword",
    );
    expect(passwords).toHaveLength(4);
    for (const password of passwords) {
      expect(password.parent, password.name).toBe(component.urn);
      // The engine's URN names the parent's type: a password moved out is a new password.
      expect(password.urn, password.name).toContain(
        `${component.type}$random:index/randomPassword`,
      );
    }
  });
});
