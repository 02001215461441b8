/**
 * Pinned images of the sector7 apps (seed 004, phase 4). Each tag is a published release:
 * linuxserver's Heimdall 2.8.3, n8n 2.38.5 (the `stable` line), NocoDB 2026.09.0, Nextcloud
 * 33.0.7 (Apache variant), and Redis 7.4.11 (the AppFlowy stack's) as Nextcloud's cache.
 */
export const APP_IMAGES = {
  heimdall: "lscr.io/linuxserver/heimdall:2.8.3",
  n8n: "n8nio/n8n:2.38.5",
  nocodb: "nocodb/nocodb:2026.09.0",
  nextcloud: "nextcloud:33.0.7-apache",
  redis: "redis:7.4.11-alpine",
} as const;
