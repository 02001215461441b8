/** Word endings that name a credential: DB_PASSWORD, JWTSECRET, API_TOKEN, ENCRYPTION_KEY. */
const CREDENTIAL_WORD = /(password|passwd|secrets?|tokens?|keys?)$/;

/**
 * True when an environment variable's name says it holds a credential. The name is split into
 * words (at `_`, `-`, `.` and lower-to-upper case changes) and a word must end in PASSWORD,
 * PASSWD, SECRET(S), TOKEN(S) or KEY(S): `N8N_ENCRYPTION_KEY` and `apiToken` do, `KEYCLOAK_URL`
 * and `TOKENIZER` do not. A name ending in `_FILE` holds a path to a mounted secret, not the
 * secret, and is not one.
 */
export function looksLikeSecretName(name: string): boolean {
  if (/_FILE$/i.test(name)) {
    return false;
  }
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => CREDENTIAL_WORD.test(word));
}
