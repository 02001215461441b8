import { PINNED_VERSIONS } from "../../toolbox/versions/pinnedVersions";

/**
 * Pinned images of the in-cluster AI services (versions.json entries ollama and qdrant), each a
 * published upstream release tag; Ollama's Docker Hub tags drop the `v` of its releases.
 */
export const AI_IMAGES = {
  ollama: PINNED_VERSIONS.image("ollama"),
  qdrant: PINNED_VERSIONS.image("qdrant"),
} as const;

/** Ollama's API port (its image sets OLLAMA_HOST=0.0.0.0:11434). */
export const OLLAMA_PORT = 11434;
/** Qdrant's REST and gRPC ports (config/config.yaml: service.http_port, service.grpc_port). */
export const QDRANT_HTTP_PORT = 6333;
export const QDRANT_GRPC_PORT = 6334;
