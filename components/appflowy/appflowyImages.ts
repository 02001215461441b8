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
 * admin_frontend) are used; all four are published with the same version tag. 0.9.149 is the
 * December 2025 line, whose docker-compose.yml runs exactly the eight services of seed 004.
 */
export const DEFAULT_APPFLOWY_VERSION = "0.9.149";
/** AppFlowy-Web release (its own version line; tag 0.9.149 of AppFlowy-IO/AppFlowy-Web). */
export const DEFAULT_APPFLOWY_WEB_VERSION = "0.9.149";

/**
 * Pinned images. PostgreSQL is pgvector's PostgreSQL 16 build (AppFlowy's compose file uses
 * PostgreSQL 16 with pgvector); MinIO is the last community release, republished by Coolify
 * after MinIO stopped publishing images.
 */
export function appflowyImages(
  version: string = DEFAULT_APPFLOWY_VERSION,
  webVersion: string = DEFAULT_APPFLOWY_WEB_VERSION,
): AppFlowyImages {
  return {
    postgres: "pgvector/pgvector:0.8.6-pg16",
    redis: "redis:7.4.11-alpine",
    minio: "ghcr.io/coollabsio/minio:RELEASE.2025-10-15T17-29-55Z",
    gotrue: `appflowyinc/gotrue:${version}`,
    cloud: `appflowyinc/appflowy_cloud:${version}`,
    worker: `appflowyinc/appflowy_worker:${version}`,
    web: `appflowyinc/appflowy_web:${webVersion}`,
    adminFrontend: `appflowyinc/admin_frontend:${version}`,
  };
}
