import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";

/**
 * Fails unless the checkout at `ARCHON_SOURCE` has `ARCHON_SOURCE_REF` (a commit, tag or
 * branch) checked out, so images and schema come from the Archon the contract records were
 * checked against. Uncommitted changes to tracked files fail too: they are not that ref.
 */
export const ARCHON_SOURCE_CHECK_SCRIPT = `#!/bin/sh
set -u
src="\${ARCHON_SOURCE:?ARCHON_SOURCE is not set}"
ref="\${ARCHON_SOURCE_REF:?ARCHON_SOURCE_REF is not set}"
head=$(git -C "$src" rev-parse --verify HEAD 2>/dev/null) ||
  { echo "archon source: $src is not a git checkout (archon:sourcePath)" >&2; exit 1; }
want=$(git -C "$src" rev-parse --verify --quiet "$ref^{commit}") ||
  { echo "archon source: $src does not know archon:sourceRef $ref; fetch it first" >&2; exit 1; }
if [ "$head" != "$want" ]; then
  echo "archon source: $src has $head checked out, archon:sourceRef $ref is $want; run: git -C $src checkout $ref" >&2
  exit 1
fi
if ! git -C "$src" diff --quiet HEAD --; then
  echo "archon source: $src has uncommitted changes to tracked files; they are not archon:sourceRef $ref" >&2
  exit 1
fi
echo "archon source: $src is at $ref ($want)"
`;

export interface ArchonSourceCheckArgs {
  /** The checkout on the machine running Pulumi. */
  readonly sourcePath: string;
  /** The ref it must have checked out. */
  readonly sourceRef: string;
}

/** Verifies the checkout before anything is built or migrated from it; re-runs when either changes. */
export class ArchonSourceCheck extends pulumi.ComponentResource {
  readonly command: command.local.Command;

  constructor(name: string, args: ArchonSourceCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:archon:ArchonSourceCheck", name, {}, opts);
    this.command = new command.local.Command(
      `${name}-verify`,
      {
        create: ARCHON_SOURCE_CHECK_SCRIPT,
        interpreter: ["/bin/sh", "-c"],
        environment: { ARCHON_SOURCE: args.sourcePath, ARCHON_SOURCE_REF: args.sourceRef },
        triggers: [args.sourcePath, args.sourceRef],
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
