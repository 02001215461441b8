import { createHmac, timingSafeEqual } from "crypto";

/**
 * Values published in Supabase's self-hosting examples and CLI (and copied into seed 003). Anyone
 * holding them can mint a service_role token, so none may reach a deployment.
 */
export const SUPABASE_DEMO_JWT_SECRETS: readonly string[] = [
  "super-secret-jwt-token-with-at-least-32-characters-long",
  "your-super-secret-jwt-token-with-at-least-32-characters-long",
];

export const SUPABASE_DEMO_PASSWORDS: readonly string[] = [
  "this_password_is_insecure_and_should_be_updated",
  "your-super-secret-and-long-postgres-password",
];

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;

/** True when an HS256 token's signature verifies against `secret`. */
export function isSignedWith(token: string, secret: string): boolean {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) {
    return false;
  }
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, "base64url");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Names the publicly known demo value found in `text` (verbatim or as a demo-signed JWT). */
export function findSupabaseDemoSecret(text: string): string | undefined {
  for (const secret of SUPABASE_DEMO_JWT_SECRETS) {
    if (text.includes(secret)) {
      return "the Supabase demo JWT secret";
    }
  }
  for (const password of SUPABASE_DEMO_PASSWORDS) {
    if (text.includes(password)) {
      return "a Supabase demo password";
    }
  }
  for (const [token] of text.matchAll(JWT_SHAPE)) {
    if (SUPABASE_DEMO_JWT_SECRETS.some((secret) => isSignedWith(token, secret))) {
      return "a Supabase demo API key (a JWT signed with the demo secret)";
    }
  }
  return undefined;
}
