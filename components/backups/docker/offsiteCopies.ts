import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { S3BackupStore } from "../store/s3BackupStore";
import { imageReferenceProblem } from "../../toolbox/docker/imageReference";
import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/**
 * rclone's image (rclone/rclone, Dockerfile at tag v1.75.0; Docker tags are the bare version):
 * versions.json `rclone`.
 */
export const RCLONE_IMAGE = PINNED_VERSIONS.image("rclone");

/** Written after every successful copy; the health check reads its age. */
const STAMP_FILE = "/tmp/last-copy";

/** The rclone remote the container defines through its environment. */
const REMOTE = "OFFSITE";

export interface OffsiteCopiesArgs {
  /** Host directory the dumps land in (`backup:hostDirectory`), mounted read-only. */
  readonly hostDirectory: string;
  readonly store: S3BackupStore;
  /** Folder in the bucket. */
  readonly prefix: string;
  /** Minutes between copies. */
  readonly intervalMinutes: number;
  readonly networkName: pulumi.Input<string>;
  /** Default: {@link RCLONE_IMAGE}. */
  readonly image?: string;
  /** Default: 128. */
  readonly memoryMb?: number;
}

/**
 * The loop the container runs: `rclone copy` of every dump not yet in the bucket, then a
 * pause. `copy`, never `sync`: a dump deleted on the host by retention (or by an intruder)
 * stays in the bucket, whose own lifecycle rules decide how long. `--immutable` makes a dump
 * that changed after it was copied an error instead of an overwrite.
 */
export function renderOffsiteLoop(
  bucket: string,
  prefix: string,
  intervalMinutes: number,
  stampFile = STAMP_FILE,
): string {
  const target = `${REMOTE.toLowerCase()}:${bucket}/${prefix}`;
  return `trap 'exit 0' TERM INT
while :; do
  if rclone copy /backups '${target}' --immutable --include '*.dump' --stats-one-line -v; then
    date -u +%Y-%m-%dT%H:%M:%SZ > ${stampFile}
  else
    echo "off-host copy failed; next try in ${intervalMinutes} min" >&2
  fi
  sleep ${intervalMinutes * 60} &
  wait $!
done
`;
}

/**
 * Copies archon-prod's dumps off the host to an S3-compatible store on a schedule (issue 12,
 * item 5): the disaster-recovery copy that survives the host.
 */
export class OffsiteCopies extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly target: string;

  constructor(name: string, args: OffsiteCopiesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:offsite:OffsiteCopies", name, {}, opts);
    const image = args.image ?? RCLONE_IMAGE;
    const problem = imageReferenceProblem(image);
    if (problem) {
      throw new pulumi.ResourceError(`image: ${problem}`, this);
    }
    this.target = `${args.store.endpoint}/${args.store.bucket}/${args.prefix}`;
    const pulled = new docker.RemoteImage(
      `${name}-image`,
      { name: image, keepLocally: true },
      { parent: this },
    );
    const env = (key: string, value: pulumi.Input<string>) =>
      pulumi.interpolate`RCLONE_CONFIG_${REMOTE}_${key}=${value}`;
    this.container = new docker.Container(
      `${name}-copy`,
      {
        name: "archon-offsite",
        image: pulled.imageId,
        entrypoints: ["/bin/sh", "-c"],
        command: [renderOffsiteLoop(args.store.bucket, args.prefix, args.intervalMinutes)],
        // rclone reads a remote's settings from RCLONE_CONFIG_<REMOTE>_<OPTION> (docs/content/docs.md).
        envs: [
          env("TYPE", "s3"),
          env("PROVIDER", "Other"),
          env("ENDPOINT", args.store.endpoint),
          env("REGION", args.store.region),
          env("FORCE_PATH_STYLE", "true"),
          pulumi.secret(env("ACCESS_KEY_ID", args.store.accessKeyId)),
          pulumi.secret(env("SECRET_ACCESS_KEY", args.store.secretAccessKey)),
        ],
        mounts: [{ type: "bind", source: args.hostDirectory, target: "/backups", readOnly: true }],
        restart: "unless-stopped",
        memory: args.memoryMb ?? 128,
        networksAdvanced: [{ name: args.networkName }],
        healthcheck: {
          // Healthy once a copy succeeded within two intervals.
          tests: [
            "CMD-SHELL",
            `test -n "$(find ${STAMP_FILE} -mmin -${args.intervalMinutes * 2} 2>/dev/null)"`,
          ],
          interval: "60s",
          timeout: "5s",
          retries: 3,
          startPeriod: "120s",
        },
      },
      { parent: this },
    );
    this.registerOutputs({ target: this.target });
  }
}
