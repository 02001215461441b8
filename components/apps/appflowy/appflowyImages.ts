import { imageRepository } from "../../toolbox/docker/imageReference";
import { ImageName, PINNED_VERSIONS, PinnedVersions } from "../../toolbox/versions/pinnedVersions";

/** The images of the AppFlowy-Cloud stack (seed 004, phase 5). */
export interface AppFlowyImages {
  readonly postgres: string;
  readonly redis: string;
  readonly minio: string;
  readonly gotrue: string;
  readonly cloud: string;
  readonly worker: string;
  readonly web: string;
  readonly adminFrontend: string;
}

/**
 * AppFlowy-Cloud release whose backend images (gotrue, appflowy_cloud, appflowy_worker,
 * admin_frontend) are used; all four are published with the same version tag (versions.json
 * entries appflowy-gotrue, -cloud, -worker, -admin-frontend carry the same tag). 0.9.149 is the
 * December 2025 line, whose docker-compose.yml runs exactly the eight services of seed 004.
 */
export const DEFAULT_APPFLOWY_VERSION = PINNED_VERSIONS.tag("appflowy-cloud");
/** AppFlowy-Web release (its own version line; versions.json entry appflowy-web). */
export const DEFAULT_APPFLOWY_WEB_VERSION = PINNED_VERSIONS.tag("appflowy-web");

/** `repository:version` of a versions.json entry, the repository as the stack's versions name it. */
function withTag(versions: PinnedVersions, name: ImageName, version: string | undefined): string {
  const reference = versions.image(name);
  if (version === undefined) {
    return reference;
  }
  return `${imageRepository(reference) ?? reference}:${version}`;
}

/**
 * Pinned images (versions.json). PostgreSQL is pgvector's PostgreSQL 16 build (AppFlowy's
 * compose file uses PostgreSQL 16 with pgvector); MinIO is the last community release,
 * republished by Coolify after MinIO stopped publishing images. `version` and `webVersion`, when
 * given, replace the tags of the backend images and of the web image.
 */
export function appflowyImages(
  version?: string,
  webVersion?: string,
  versions: PinnedVersions = PINNED_VERSIONS,
): AppFlowyImages {
  return {
    postgres: versions.image("appflowy-postgres"),
    redis: versions.image("redis"),
    minio: versions.image("appflowy-minio"),
    gotrue: withTag(versions, "appflowy-gotrue", version),
    cloud: withTag(versions, "appflowy-cloud", version),
    worker: withTag(versions, "appflowy-worker", version),
    web: withTag(versions, "appflowy-web", webVersion),
    adminFrontend: withTag(versions, "appflowy-admin-frontend", version),
  };
}
