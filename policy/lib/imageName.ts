/**
 * The repository an image reference names, as Docker resolves it: `nginx`, `library/nginx`,
 * `docker.io/library/nginx:1.27` and `index.docker.io/library/nginx@sha256:...` are all
 * `nginx`; other registries keep their host (`ghcr.io/org/app`). Undefined for a non-string.
 */
export function imageRepository(image: unknown): string | undefined {
  if (typeof image !== "string") {
    return undefined;
  }
  let name = image.trim().toLowerCase().split("@")[0];
  const lastSlash = name.lastIndexOf("/");
  const colon = name.indexOf(":", lastSlash + 1);
  if (colon >= 0) {
    name = name.slice(0, colon);
  }
  name = name.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "");
  return name.replace(/^library\//, "");
}
