import { createHash, createHmac, pbkdf2Sync } from "crypto";

/** One service's own database and login role on a shared PostgreSQL server. */
export interface ServiceDatabaseSpec {
  /** Service name, e.g. `n8n`; keys outputs and resource names. */
  readonly service: string;
  /** Database name; a lower-case SQL identifier. */
  readonly database: string;
  /** Login role that owns the database; a lower-case SQL identifier. */
  readonly role: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Why a spec cannot be provisioned safely, or undefined. */
export function serviceDatabaseProblem(spec: ServiceDatabaseSpec): string | undefined {
  for (const [what, value] of [
    ["database", spec.database],
    ["role", spec.role],
  ] as const) {
    if (!IDENTIFIER.test(value)) {
      return `${spec.service}: ${what} "${value}" is not a lower-case SQL identifier`;
    }
  }
  if (["postgres", "template0", "template1"].includes(spec.database)) {
    return `${spec.service}: database "${spec.database}" is reserved`;
  }
  return undefined;
}

/** The env var that carries a role's password verifier into the provisioning job. */
export function verifierEnvName(spec: ServiceDatabaseSpec): string {
  return `${spec.role.toUpperCase()}_PASSWORD_VERIFIER`;
}

const SCRAM_ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 7677, the format of
 * `pg_authid.rolpassword`). Handing the server a verifier instead of the password keeps the
 * plaintext out of its statement log (Supabase logs DDL). The salt is derived from the password
 * and the role, so the verifier is stable between runs.
 */
export function scramSha256Verifier(password: string, role: string): string {
  const salt = createHmac("sha256", password).update(`scram-salt:${role}`).digest().subarray(0, 16);
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  const b64 = (b: Buffer) => b.toString("base64");
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/**
 * A psql script that gives each service its own login role and database, idempotently: roles
 * and databases are created only when missing, the password is (re)set from the job's env, the
 * database belongs to the role and PUBLIC may not connect, so dropping or breaking one service's
 * database touches no other. The admin running it becomes a member of each role, so it can dump
 * and restore every service database without being a superuser.
 */
export function renderProvisioningSql(specs: readonly ServiceDatabaseSpec[]): string {
  const problems = specs.map(serviceDatabaseProblem).filter((p): p is string => !!p);
  if (problems.length > 0) {
    throw new Error(problems.join("; "));
  }
  const blocks = specs.map((spec) => {
    const role = spec.role;
    const db = spec.database;
    const variable = `verifier_${role}`;
    return [
      `-- ${spec.service}: role ${role}, database ${db}`,
      `\\getenv ${variable} ${verifierEnvName(spec)}`,
      `SELECT format('CREATE ROLE %I LOGIN', '${role}') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') \\gexec`,
      `ALTER ROLE "${role}" WITH LOGIN PASSWORD :'${variable}';`,
      `GRANT "${role}" TO CURRENT_USER;`,
      `SELECT format('CREATE DATABASE %I OWNER %I', '${db}', '${role}') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${db}') \\gexec`,
      `ALTER DATABASE "${db}" OWNER TO "${role}";`,
      `REVOKE ALL ON DATABASE "${db}" FROM PUBLIC;`,
      `GRANT ALL ON DATABASE "${db}" TO "${role}";`,
    ].join("\n");
  });
  return [
    "-- Rendered by Pulumi (ServiceDatabases): one role and one database per service.",
    "-- Safe to run any number of times. Run with: psql -X -v ON_ERROR_STOP=1 -f <this file>",
    "\\set ON_ERROR_STOP on",
    ...blocks,
    "",
  ].join("\n\n");
}
