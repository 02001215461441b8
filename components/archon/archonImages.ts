import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";

/** The Archon services that run from their own image. */
export type ArchonService = "server" | "mcp" | "ui" | "agents";

/** Build the images from a checkout of the Archon repository on the machine running Pulumi. */
export interface ArchonImagesFromSource {
  readonly kind: "build";
  /** Absolute path of the checkout (holds `python/` and `archon-ui-main/`). */
  readonly sourcePath: string;
  /** Tag for the locally built images, never `latest`. */
  readonly tag: string;
}

/** Run images someone already built and pushed, by pinned reference. */
export interface ArchonImagesFromRegistry {
  readonly kind: "registry";
  readonly references: Readonly<Record<ArchonService, string | undefined>>;
}

export type ArchonImageSource = ArchonImagesFromSource | ArchonImagesFromRegistry;

interface BuildRecipe {
  readonly context: string;
  readonly dockerfile?: string;
  readonly portArg?: string;
}

const RECIPES: Record<ArchonService, BuildRecipe> = {
  server: { context: "python", dockerfile: "Dockerfile.server", portArg: "ARCHON_SERVER_PORT" },
  mcp: { context: "python", dockerfile: "Dockerfile.mcp", portArg: "ARCHON_MCP_PORT" },
  agents: { context: "python", dockerfile: "Dockerfile.agents", portArg: "ARCHON_AGENTS_PORT" },
  ui: { context: "archon-ui-main" },
};

/**
 * The image a service's container runs: a local build (by image ID, so a rebuild replaces the
 * container) or the configured reference.
 */
export function archonServiceImage(
  name: string,
  service: ArchonService,
  source: ArchonImageSource,
  port: number,
  parent: pulumi.Resource,
  dependsOn: pulumi.Resource[] = [],
): pulumi.Output<string> {
  if (source.kind === "registry") {
    const reference = source.references[service];
    if (!reference) {
      throw new pulumi.ResourceError(`no image reference given for archon-${service}`, parent);
    }
    return pulumi.output(reference);
  }
  const recipe = RECIPES[service];
  const context = path.join(source.sourcePath, recipe.context);
  const image = new docker.Image(
    `${name}-${service}-image`,
    {
      imageName: `archon-${service}:${source.tag}`,
      skipPush: true,
      build: {
        context,
        dockerfile: recipe.dockerfile ? path.join(context, recipe.dockerfile) : undefined,
        builderVersion: "BuilderBuildKit",
        args: recipe.portArg ? { [recipe.portArg]: String(port) } : undefined,
      },
    },
    { parent, dependsOn },
  );
  return image.repoDigest;
}
