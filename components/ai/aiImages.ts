/**
 * Pinned images of the in-cluster AI services, each a published upstream release tag:
 * ollama/ollama v0.32.15 (Docker Hub tags drop the `v`) and qdrant/qdrant v1.19.0.
 */
export const AI_IMAGES = {
  ollama: "ollama/ollama:0.32.15",
  qdrant: "qdrant/qdrant:v1.19.0",
} as const;

/** Ollama's API port (its image sets OLLAMA_HOST=0.0.0.0:11434). */
export const OLLAMA_PORT = 11434;
/** Qdrant's REST and gRPC ports (config/config.yaml: service.http_port, service.grpc_port). */
export const QDRANT_HTTP_PORT = 6333;
export const QDRANT_GRPC_PORT = 6334;
