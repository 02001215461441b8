import * as jwt from "jsonwebtoken";

/** The two API roles every Supabase deployment needs keys for. */
export type SupabaseRole = "anon" | "service_role";

export interface SupabaseJwtTimes {
  /** Seconds since the epoch. */
  readonly issuedAt: number;
  /** Seconds since the epoch; after `issuedAt`. */
  readonly expiresAt: number;
}

/**
 * Signs a Supabase API key. The timestamps are inputs, never the clock, so that the same secret
 * always yields the same token and an update does not roll every container that carries it.
 */
export function signSupabaseJwt(
  secret: string,
  role: SupabaseRole,
  times: SupabaseJwtTimes,
): string {
  return jwt.sign({ role, iss: "supabase", iat: times.issuedAt, exp: times.expiresAt }, secret, {
    algorithm: "HS256",
  });
}
