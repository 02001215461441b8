import { createHmac, timingSafeEqual } from "crypto";
import {
  findSupabaseDemoSecret,
  SUPABASE_DEMO_JWT_SECRETS,
} from "../../components/database/secrets/supabaseDemoSecrets";

/** Three base64url segments: a JWS in compact form, whatever its header says. */
const COMPACT_JWS = /[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}/g;
const HMACS = ["sha256", "sha384", "sha512"] as const;

/**
 * True when the token's signature verifies against `secret` under HS256, HS384 or HS512. The
 * signature is checked over the header and payload exactly as written, so a header with other
 * spacing, key order or `alg` spelling cannot hide a token signed with the secret.
 */
export function signedWithSecret(token: string, secret: string): boolean {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) {
    return false;
  }
  const actual = Buffer.from(signature, "base64url");
  return HMACS.some((hash) => {
    const expected = createHmac(hash, secret).update(`${header}.${payload}`).digest();
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}

/** Names the publicly known Supabase demo value in `text`, or undefined. */
export function findDemoSecret(text: string): string | undefined {
  const found = findSupabaseDemoSecret(text);
  if (found) {
    return found;
  }
  for (const token of text.match(COMPACT_JWS) ?? []) {
    if (SUPABASE_DEMO_JWT_SECRETS.some((secret) => signedWithSecret(token, secret))) {
      return "a Supabase demo API key (a JWT signed with the demo secret)";
    }
  }
  return undefined;
}
