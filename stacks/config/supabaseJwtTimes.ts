import { ConfigReader } from "./configReader";

/** 2026-01-01T00:00:00Z: a fixed `iat`, so the keys never change between runs. */
export const DEFAULT_JWT_ISSUED_AT = 1767225600;
/** 2036-01-01T00:00:00Z. */
export const DEFAULT_JWT_EXPIRES_AT = 2082758400;

/** `supabase:jwtIssuedAt` and `supabase:jwtExpiresAt`, the same on every stack that signs keys. */
export function loadSupabaseJwtTimes(reader: ConfigReader): {
  jwtIssuedAt: number;
  jwtExpiresAt: number;
} {
  const jwtIssuedAt = reader.integer("supabase", "jwtIssuedAt", DEFAULT_JWT_ISSUED_AT, 0, 2 ** 32);
  const jwtExpiresAt = reader.integer(
    "supabase",
    "jwtExpiresAt",
    DEFAULT_JWT_EXPIRES_AT,
    0,
    2 ** 32,
  );
  if (jwtExpiresAt <= jwtIssuedAt) {
    reader.fail(
      "supabase:jwtExpiresAt",
      jwtExpiresAt,
      `a time after supabase:jwtIssuedAt (${jwtIssuedAt})`,
    );
  }
  return { jwtIssuedAt, jwtExpiresAt };
}
