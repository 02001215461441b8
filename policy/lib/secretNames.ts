/** Word endings that name a credential: DB_PASSWORD, JWTSECRET, API_TOKEN, ENCRYPTION_KEY. */
const CREDENTIAL_WORD = /(password|passwd|passphrase|secrets?|tokens?|keys?|credentials?)$/;
/** Whole words that name one: DB_PASS, MYSQL_PWD, ADMIN_PW (not BYPASS or COMPASS). */
const CREDENTIAL_ABBREVIATION = /^(pass|pwd|pw|passwd)$/;

/**
 * True when an environment variable's name says it holds a credential. The name is split into
 * words (at `_`, `-`, `.` and lower-to-upper case changes) and a word must end in PASSWORD,
 * PASSWD, PASSPHRASE, SECRET(S), TOKEN(S), KEY(S) or CREDENTIAL(S), or end in the word PASS, PWD or PW: `N8N_ENCRYPTION_KEY` and `apiToken` do, `KEYCLOAK_URL`
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
  // An abbreviation counts as the last word only: MYSQL_PWD is a password, PWD_DIR a directory.
  return (
    words.some((word) => CREDENTIAL_WORD.test(word)) ||
    CREDENTIAL_ABBREVIATION.test(words[words.length - 1] ?? "")
  );
}

/** A password written into a URL's user information: `postgres://app:hunter2@db/app`. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/gi;
/** Placeholders a shell, Kubernetes or a template fills in later: not a literal. */
const PLACEHOLDER = /^(\$\(?\{?[A-Za-z_][A-Za-z0-9_]*\}?\)?|%s|\{\{.*\}\}|\*+|x+)$/;

/** The literal passwords written into URLs inside `text` (placeholders left out). */
export function urlPasswords(text: string): string[] {
  return [...text.matchAll(URL_PASSWORD)]
    .map((match) => decodeURIComponentSafe(match[1]))
    .filter((password) => password !== "" && !PLACEHOLDER.test(password));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
