/**
 * Config the sector7 services must refuse. config.test.ts synthesizes each (nothing is created);
 * configValidation.test.ts reads each with loadSector7ServicesConfig alone, fast enough for
 * mutation testing.
 */

/** [key, value]: refused with `key: "value" is invalid`. */
export const BAD_VALUES: readonly (readonly [string, string])[] = [
  ["cluster:domain", "Sector7_Example.com"],
  ["cluster:domain", "bad..example.com"],
  ["cluster:domain", `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.com`],
  ["services:n8nStorage", "20GB"],
  ["services:heimdallStorage", "0Gi"],
  ["services:supabaseStorage", "100"],
  ["appflowy:postgresStorage", "-50Gi"],
  ["appflowy:minioStorage", "lots"],
  ["databaseBackups:volumeSize", "1.5Gi"],
  ["databaseBackups:n8nSchedule", "every day"],
  ["databaseBackups:appflowySchedule", "61 * * * *"],
  ["databaseBackups:supabaseRetention", "0"],
  ["appflowy:adminEmail", "graydon"],
  ["appflowy:version", "latest"],
  ["services:n8nImage", "n8nio/n8n:latest"],
  ["services:n8nGpus", "1"],
  ["services:ollamaGpus", "9"],
  ["services:ollamaModels", "Llama 3!"],
  ["services:ollamaImage", "ollama/ollama:latest"],
  ["services:ownerEmail", "ops"],
  ["services:nextcloudMaxUploadGi", "0"],
  ["services:nextcloudEnabled", "yes"],
];

/** [services:resources, the path named, what is allowed]. */
export const BAD_RESOURCES: readonly (readonly [unknown, string, string])[] = [
  [{ n8n: { limits: { memory: "2GB" } } }, "services:resources.n8n.limits.memory", "512Mi or 2Gi"],
  [{ n8n: { limits: { cpu: "lots" } } }, "services:resources.n8n.limits.cpu", "250m or 2"],
  [
    { n8n: { requests: { memory: "4Gi" } } },
    "services:resources.n8n.requests.memory",
    "at most the memory limit 2Gi",
  ],
  [{ gitlab: { limits: { cpu: "1" } } }, "services:resources.gitlab", "a known service: heimdall"],
  [[1, 2], "services:resources", "an object of service name"],
  // null is JSON's and YAML's empty value; an object check that lets it through crashes on it.
  [null, "services:resources", "an object of service name"],
  [{ n8n: null }, "services:resources.n8n", "an object with requests and/or limits"],
  [{ n8n: { limits: null } }, "services:resources.n8n.limits", "requests or limits: { cpu, memory }"],
];
