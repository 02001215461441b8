import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { createHash } from "crypto";

export interface StoredKeysGuardArgs {
  /** The key Archon derives its encryption key from (`SUPABASE_SERVICE_KEY`). */
  readonly serviceRoleKey: pulumi.Input<string>;
  /**
   * The operator accepts that a new service key makes the API keys stored in Archon's Settings
   * unreadable. Default: false, and then a changed key stops `pulumi up`.
   */
  readonly acknowledgeStoredKeyLoss?: boolean;
}

/**
 * Archon encrypts the API keys saved in its Settings with a key derived (PBKDF2) from
 * `SUPABASE_SERVICE_KEY`, so a new service key (a rotated JWT secret, or new `iat`/`exp`) leaves
 * them undecryptable. This resource is replaced whenever that key changes, and is protected
 * unless the loss is acknowledged: Pulumi refuses to replace a protected resource, so the
 * update stops before anything rolls, naming this resource.
 */
export class StoredKeysGuard extends pulumi.ComponentResource {
  readonly marker: random.RandomId;

  constructor(name: string, args: StoredKeysGuardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:archon:StoredKeysGuard", name, {}, opts);
    const fingerprint = pulumi
      .secret(args.serviceRoleKey)
      .apply((key) => createHash("sha256").update(`archon-stored-keys:${key}`).digest("hex"));
    this.marker = new random.RandomId(
      `${name}-service-key`,
      { byteLength: 4, keepers: { serviceKeyFingerprint: pulumi.secret(fingerprint) } },
      { parent: this, protect: !(args.acknowledgeStoredKeyLoss ?? false) },
    );
    this.registerOutputs({});
  }
}
