import { PINNED_VERSIONS } from "../toolbox/versions/pinnedVersions";

/**
 * Pinned images of the sector7 apps (seed 004, phase 4; versions.json entries of the same names).
 * Each tag is a published release: linuxserver's Heimdall, n8n (the `stable` line), NocoDB,
 * Nextcloud (Apache variant), and Redis (the AppFlowy stack's) as Nextcloud's cache.
 */
export const APP_IMAGES = {
  heimdall: PINNED_VERSIONS.image("heimdall"),
  n8n: PINNED_VERSIONS.image("n8n"),
  nocodb: PINNED_VERSIONS.image("nocodb"),
  nextcloud: PINNED_VERSIONS.image("nextcloud"),
  redis: PINNED_VERSIONS.image("redis"),
} as const;
