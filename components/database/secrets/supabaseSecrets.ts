import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { signSupabaseJwt } from "./supabaseJwt";

export interface SupabaseSecretsArgs {
  /**
   * A JWT secret to keep (for a migrated database whose stored setting must match). The stack
   * validates it. Default: a generated 64-character secret.
   */
  readonly jwtSecret?: pulumi.Input<string>;
  /** `iat` of the anon and service_role keys, in seconds since the epoch. */
  readonly jwtIssuedAt: number;
  /** `exp` of the anon and service_role keys, in seconds since the epoch. */
  readonly jwtExpiresAt: number;
  /** Username for Studio's basic auth. Default: `supabase`. */
  readonly dashboardUsername?: pulumi.Input<string>;
}

/**
 * Every credential a Supabase deployment needs: the Postgres password, the JWT secret, the anon
 * and service_role keys signed with it, and the Studio basic-auth login. All are secrets, and all
 * are stable: they live in state, so running again signs identical keys.
 */
export class SupabaseSecrets extends pulumi.ComponentResource {
  readonly postgresPassword: pulumi.Output<string>;
  readonly jwtSecret: pulumi.Output<string>;
  readonly anonKey: pulumi.Output<string>;
  readonly serviceRoleKey: pulumi.Output<string>;
  readonly dashboardUsername: pulumi.Output<string>;
  readonly dashboardPassword: pulumi.Output<string>;
  /**
   * Encrypts the connection strings Studio hands to postgres-meta (Studio's `PG_META_CRYPTO_KEY`,
   * meta's `CRYPTO_KEY`); upstream's example value is public.
   */
  readonly pgMetaCryptoKey: pulumi.Output<string>;

  constructor(name: string, args: SupabaseSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:secrets:SupabaseSecrets", name, {}, opts);

    if (!(args.jwtExpiresAt > args.jwtIssuedAt)) {
      throw new pulumi.ResourceError(
        `jwtExpiresAt (${args.jwtExpiresAt}) must be after jwtIssuedAt (${args.jwtIssuedAt})`,
        this,
      );
    }

    // No special characters: these end up inside connection URIs and env files unescaped.
    // The provider marks `result` secret in state; wrapping keeps it secret in this program too.
    const password = (suffix: string, length: number) =>
      pulumi.secret(
        new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, { parent: this })
          .result,
      );

    this.postgresPassword = password("postgres-password", 40);
    this.jwtSecret = args.jwtSecret ? pulumi.secret(args.jwtSecret) : password("jwt-secret", 64);
    this.dashboardPassword = password("dashboard-password", 32);
    this.dashboardUsername = pulumi.output(args.dashboardUsername ?? "supabase");
    this.pgMetaCryptoKey = password("pg-meta-crypto-key", 48);

    const times = { issuedAt: args.jwtIssuedAt, expiresAt: args.jwtExpiresAt };
    this.anonKey = pulumi.secret(this.jwtSecret.apply((s) => signSupabaseJwt(s, "anon", times)));
    this.serviceRoleKey = pulumi.secret(
      this.jwtSecret.apply((s) => signSupabaseJwt(s, "service_role", times)),
    );

    this.registerOutputs({
      postgresPassword: this.postgresPassword,
      jwtSecret: this.jwtSecret,
      anonKey: this.anonKey,
      serviceRoleKey: this.serviceRoleKey,
      dashboardUsername: this.dashboardUsername,
      dashboardPassword: this.dashboardPassword,
      pgMetaCryptoKey: this.pgMetaCryptoKey,
    });
  }
}
