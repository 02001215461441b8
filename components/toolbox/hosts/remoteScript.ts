import { createHash } from "crypto";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";

/** How Pulumi reaches a host over SSH. */
export interface SshTarget {
  /** Address or name the machine running Pulumi can reach. */
  readonly host: pulumi.Input<string>;
  /** A user that may run `sudo -n` without a password. */
  readonly user: pulumi.Input<string>;
  /** The private key's contents (OpenSSH or PEM). Always handled as a secret. */
  readonly privateKey: pulumi.Input<string>;
  /** Default 22. */
  readonly port?: number;
}

/** A stable fingerprint of a script: the trigger that re-runs it when, and only when, it changes. */
export function scriptDigest(script: string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Runs an idempotent shell script on a host once, and again whenever the script's text changes
 * (its digest is the replacement trigger). The script must be safe to run twice: a changed
 * connection (a rotated key) also runs it again.
 */
export function remoteScript(
  resourceName: string,
  target: SshTarget,
  script: string,
  opts: pulumi.CustomResourceOptions,
): command.remote.Command {
  return new command.remote.Command(
    resourceName,
    {
      connection: {
        host: target.host,
        user: target.user,
        port: target.port ?? 22,
        privateKey: pulumi.secret(target.privateKey),
      },
      create: script,
      triggers: [scriptDigest(script)],
    },
    opts,
  );
}
