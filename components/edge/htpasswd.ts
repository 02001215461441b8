import { createHash } from "crypto";

/**
 * An htpasswd line in nginx's salted SHA-1 scheme (`{SSHA}`). The salt derives from the
 * password, so the same credentials always give the same line and nothing changes between runs.
 */
export function renderHtpasswdEntry(user: string, password: string): string {
  if (user.includes(":") || user.trim() === "") {
    throw new Error(`htpasswd user must be non-empty and contain no colon, got "${user}"`);
  }
  const salt = createHash("sha256")
    .update(`htpasswd-salt:${user}:${password}`)
    .digest()
    .subarray(0, 8);
  const digest = createHash("sha1").update(password).update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}
