import { createHmac } from "crypto";
import * as jwt from "jsonwebtoken";
import { describe, expect, it } from "vitest";
import {
  findSupabaseDemoSecret,
  isSignedWith,
  SUPABASE_DEMO_JWT_SECRETS,
  SUPABASE_DEMO_PASSWORDS,
} from "../../../components/database/secrets/supabaseDemoSecrets";
import { signSupabaseJwt } from "../../../components/database/secrets/supabaseJwt";

const OURS = "a-generated-jwt-secret-of-sixty-four-characters-0123456789abcdef";
const TIMES = { issuedAt: 1767225600, expiresAt: 2082758400 };

describe("isSignedWith", () => {
  it("verifies an HS256 token against its secret only", () => {
    const token = signSupabaseJwt(OURS, "anon", TIMES);
    expect(isSignedWith(token, OURS)).toBe(true);
    expect(isSignedWith(token, `${OURS}x`)).toBe(false);
  });

  it("refuses tokens with a part missing or a signature of another length", () => {
    const [header, payload, signature] = signSupabaseJwt(OURS, "anon", TIMES).split(".");
    expect(isSignedWith(`${header}.${payload}`, OURS)).toBe(false);
    expect(isSignedWith(`${header}..${signature}`, OURS)).toBe(false);
    expect(isSignedWith(`.${payload}.${signature}`, OURS)).toBe(false);
    expect(isSignedWith(`${header}.${payload}.${signature.slice(0, -2)}`, OURS)).toBe(false);
    expect(isSignedWith(`${header}.${payload}.${signature}AA`, OURS)).toBe(false);
  });
});

describe("isSignedWith and a part left empty", () => {
  /** A signature that is right for the text before the last dot, whatever that text is. */
  const signed = (header: string, payload: string) =>
    `${header}.${payload}.${createHmac("sha256", OURS).update(`${header}.${payload}`).digest("base64url")}`;

  it("is not fooled by a correct HMAC over a token without a header or a payload", () => {
    expect(isSignedWith(signed("eyJhbGciOiJIUzI1NiJ9", "eyJyb2xlIjoiYW5vbiJ9"), OURS)).toBe(true);
    expect(isSignedWith(signed("", "eyJyb2xlIjoiYW5vbiJ9"), OURS)).toBe(false);
    expect(isSignedWith(signed("eyJhbGciOiJIUzI1NiJ9", ""), OURS)).toBe(false);
    expect(isSignedWith(signed("", ""), OURS)).toBe(false);
  });
});

describe("signSupabaseJwt", () => {
  it("signs the role, issuer and the given times with HS256", () => {
    const token = signSupabaseJwt(OURS, "service_role", TIMES);
    expect(jwt.decode(token, { complete: true })?.header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(jwt.verify(token, OURS, { algorithms: ["HS256"], ignoreExpiration: true })).toEqual({
      role: "service_role",
      iss: "supabase",
      iat: TIMES.issuedAt,
      exp: TIMES.expiresAt,
    });
  });
});

describe("findSupabaseDemoSecret", () => {
  it.each(SUPABASE_DEMO_JWT_SECRETS)("finds the demo JWT secret %s inside text", (secret) => {
    expect(findSupabaseDemoSecret(`JWT_SECRET=${secret}\n`)).toBe("the Supabase demo JWT secret");
  });

  it.each(SUPABASE_DEMO_PASSWORDS)("finds the demo password %s inside text", (password) => {
    expect(findSupabaseDemoSecret(`postgres://postgres:${password}@db/postgres`)).toBe(
      "a Supabase demo password",
    );
  });

  it.each(SUPABASE_DEMO_JWT_SECRETS)("finds a key signed with %s inside text", (secret) => {
    const key = signSupabaseJwt(secret, "service_role", TIMES);
    expect(findSupabaseDemoSecret(`apikey: ${key}\nother: x`)).toBe(
      "a Supabase demo API key (a JWT signed with the demo secret)",
    );
  });

  it("knows the passwords of upstream's docker/.env.example and the seeds", () => {
    for (const password of [
      "your-super-secret-and-long-postgres-password",
      "this_password_is_insecure_and_should_be_updated",
    ]) {
      expect(findSupabaseDemoSecret(`POSTGRES_PASSWORD=${password}`)).toBe(
        "a Supabase demo password",
      );
    }
  });

  it("lets keys signed with another secret and plain text pass", () => {
    expect(findSupabaseDemoSecret(`apikey: ${signSupabaseJwt(OURS, "anon", TIMES)}`)).toBe(
      undefined,
    );
    expect(findSupabaseDemoSecret("nothing to see; eyJ.eyJ.x")).toBe(undefined);
    expect(findSupabaseDemoSecret("")).toBe(undefined);
  });

  it("finds a demo-signed key that follows a key of our own", () => {
    const ours = signSupabaseJwt(OURS, "anon", TIMES);
    const demo = signSupabaseJwt(SUPABASE_DEMO_JWT_SECRETS[1], "anon", TIMES);
    expect(findSupabaseDemoSecret(`${ours} ${demo}`)).toMatch(/demo API key/);
  });
});
