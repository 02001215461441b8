import { beforeAll, describe, expect, it } from "vitest";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { plainInputs } from "../../support/synthFixture";
import { DOMAIN, envOf, k8s, outputs, synthServices, TYPES } from "./servicesFixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthServices({ "services:nextcloudEnabled": "true" });
});

const SHARED_HOST = "supabase-db.supabase.svc.cluster.local";
const APPFLOWY = `https://appflowy.${DOMAIN}`;

/** The Secret `name` in `namespace`, its stringData in plaintext. */
function secretData(name: string, namespace: string): Record<string, string> {
  return plainInputs(k8s(stack, TYPES.secret, name, namespace)).stringData;
}

describe("each service reaches its own database with its own credentials", () => {
  it("n8n: postgresdb on the shared server, database and user n8n, password from its Secret", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "n8n", "n8n"));
    expect(env).toMatchObject({
      DB_TYPE: "postgresdb",
      DB_POSTGRESDB_HOST: SHARED_HOST,
      DB_POSTGRESDB_PORT: "5432",
      DB_POSTGRESDB_DATABASE: "n8n",
      DB_POSTGRESDB_USER: "n8n",
      DB_POSTGRESDB_PASSWORD: "secret:n8n-database/password",
    });
    expect(secretData("n8n-database", "n8n")).toMatchObject({
      host: SHARED_HOST,
      database: "n8n",
      username: "n8n",
      password: outputs(stack).serviceDatabasePasswords.n8n,
    });
  });

  it("NocoDB: NC_DB names its own database and user, the password expanded from its Secret", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "nocodb", "nocodb"));
    expect(env.NC_DB_PASSWORD).toBe("secret:nocodb-database/password");
    expect(env.NC_DB).toBe(`pg://${SHARED_HOST}:5432?u=nocodb&p=$(NC_DB_PASSWORD)&d=nocodb`);
    expect(env.NC_AUTH_JWT_SECRET).toBe("secret:nocodb-secrets/NC_AUTH_JWT_SECRET");
    expect(secretData("nocodb-database", "nocodb").password).toBe(
      outputs(stack).serviceDatabasePasswords.nocodb,
    );
  });

  it("Nextcloud: its own database and user", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "nextcloud", "nextcloud"));
    expect(env).toMatchObject({
      POSTGRES_HOST: `${SHARED_HOST}:5432`,
      POSTGRES_DB: "nextcloud",
      POSTGRES_USER: "nextcloud",
      POSTGRES_PASSWORD: "secret:nextcloud-database/password",
      NEXTCLOUD_ADMIN_PASSWORD: "secret:nextcloud-secrets/NEXTCLOUD_ADMIN_PASSWORD",
      NEXTCLOUD_TRUSTED_DOMAINS: `nextcloud.${DOMAIN}`,
    });
  });

  it("generates a different password for every service's role", () => {
    const passwords = Object.values(outputs(stack).serviceDatabasePasswords) as string[];
    expect(passwords.length).toBe(3);
    expect(new Set(passwords).size).toBe(3);
    expect(passwords).not.toContain(outputs(stack).supabasePostgresPassword);
  });
});

describe("n8n's public URL", () => {
  it("sets host, protocol and webhook URL from the domain", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "n8n", "n8n"));
    expect(env).toMatchObject({
      N8N_HOST: `n8n.${DOMAIN}`,
      N8N_PROTOCOL: "https",
      N8N_WEBHOOK_URL: `https://n8n.${DOMAIN}/`,
      N8N_ENCRYPTION_KEY: "secret:n8n-secrets/N8N_ENCRYPTION_KEY",
    });
    // n8n deprecated WEBHOOK_URL for N8N_WEBHOOK_URL.
    expect(env).not.toHaveProperty("WEBHOOK_URL");
    expect(secretData("n8n-secrets", "n8n").N8N_ENCRYPTION_KEY).toBe(
      outputs(stack).n8nEncryptionKey,
    );
  });
});

describe("AppFlowy's wiring", () => {
  const env = (name: string) => envOf(k8s(stack, TYPES.deployment, name, "appflowy"));
  const DB = "postgres://appflowy_admin:$(POSTGRES_PASSWORD)@appflowy-postgres:5432/appflowy";

  it("points GoTrue at its database with search_path=auth and at its public URL", () => {
    const gotrue = env("appflowy-gotrue");
    expect(gotrue.POSTGRES_PASSWORD).toBe("secret:appflowy-secrets/POSTGRES_PASSWORD");
    expect(gotrue.DATABASE_URL).toBe(`${DB}?search_path=auth`);
    expect(gotrue.API_EXTERNAL_URL).toBe(`${APPFLOWY}/gotrue`);
    expect(gotrue.GOTRUE_ADMIN_EMAIL).toBe("graydon@helloworlddao.com");
    expect(gotrue.GOTRUE_ADMIN_PASSWORD).toBe("secret:appflowy-secrets/GOTRUE_ADMIN_PASSWORD");
    expect(gotrue.GOTRUE_JWT_SECRET).toBe("secret:appflowy-secrets/GOTRUE_JWT_SECRET");
  });

  it("wires AppFlowy Cloud and the worker with internal URLs, the browser-facing ones public", () => {
    const cloud = env("appflowy-cloud");
    expect(cloud).toMatchObject({
      APPFLOWY_DATABASE_URL: DB,
      APPFLOWY_REDIS_URI: "redis://appflowy-redis:6379",
      APPFLOWY_GOTRUE_BASE_URL: "http://appflowy-gotrue:9999",
      APPFLOWY_S3_MINIO_URL: "http://appflowy-minio:9000",
      APPFLOWY_S3_USE_MINIO: "true",
      APPFLOWY_S3_ACCESS_KEY: "secret:appflowy-secrets/APPFLOWY_S3_ACCESS_KEY",
      APPFLOWY_S3_SECRET_KEY: "secret:appflowy-secrets/APPFLOWY_S3_SECRET_KEY",
      APPFLOWY_GOTRUE_JWT_SECRET: "secret:appflowy-secrets/GOTRUE_JWT_SECRET",
      APPFLOWY_S3_PRESIGNED_URL_ENDPOINT: `${APPFLOWY}/minio-api`,
      APPFLOWY_BASE_URL: APPFLOWY,
      APPFLOWY_WEB_URL: APPFLOWY,
    });
    expect(env("appflowy-worker")).toMatchObject({
      APPFLOWY_WORKER_DATABASE_URL: DB,
      APPFLOWY_WORKER_DATABASE_NAME: "appflowy",
      APPFLOWY_WORKER_REDIS_URL: "redis://appflowy-redis:6379",
      APPFLOWY_S3_MINIO_URL: "http://appflowy-minio:9000",
    });
  });

  it("gives AppFlowy Web only public URLs and the admin console both kinds", () => {
    expect(env("appflowy-web")).toEqual({
      APPFLOWY_BASE_URL: APPFLOWY,
      APPFLOWY_GOTRUE_BASE_URL: `${APPFLOWY}/gotrue`,
      APPFLOWY_WS_BASE_URL: `wss://appflowy.${DOMAIN}/ws/v2`,
    });
    expect(env("appflowy-admin-frontend")).toMatchObject({
      APPFLOWY_BASE_URL: APPFLOWY,
      APPFLOWY_GOTRUE_BASE_URL: `${APPFLOWY}/gotrue`,
      ADMIN_FRONTEND_GOTRUE_URL: "http://appflowy-gotrue:9999",
      ADMIN_FRONTEND_APPFLOWY_CLOUD_URL: "http://appflowy-cloud:8000",
      ADMIN_FRONTEND_REDIS_URL: "redis://appflowy-redis:6379",
    });
  });

  it("uses one MinIO key pair as MinIO's root login and AppFlowy's S3 credentials", () => {
    expect(env("appflowy-minio")).toEqual({
      MINIO_ROOT_USER: "secret:appflowy-secrets/APPFLOWY_S3_ACCESS_KEY",
      MINIO_ROOT_PASSWORD: "secret:appflowy-secrets/APPFLOWY_S3_SECRET_KEY",
    });
    const data = secretData("appflowy-secrets", "appflowy");
    expect(data.APPFLOWY_S3_ACCESS_KEY).toBe(outputs(stack).appflowyMinioAccessKey);
    expect(data.GOTRUE_ADMIN_PASSWORD).toBe(outputs(stack).appflowyAdminPassword);
  });

  it("runs a dedicated PostgreSQL with pgvector, enabled on first start", () => {
    const postgres = k8s(stack, TYPES.statefulSet, "appflowy-postgres", "appflowy");
    const container = plainInputs(postgres).spec.template.spec.containers[0];
    expect(container.image).toMatch(/^pgvector\/pgvector:[\d.]+-pg16$/);
    expect(envOf(postgres)).toMatchObject({
      POSTGRES_USER: "appflowy_admin",
      POSTGRES_DB: "appflowy",
    });
    const init = plainInputs(k8s(stack, TYPES.configMap, "appflowy-postgres-init", "appflowy"));
    expect(Object.values(init.data)).toEqual(["CREATE EXTENSION IF NOT EXISTS vector;\n"]);
  });
});

describe("AppFlowy's ingresses", () => {
  const ingress = (name: string) => plainInputs(k8s(stack, TYPES.ingress, name, "appflowy"));
  const pathsOf = (name: string) =>
    ingress(name).spec.rules[0].http.paths.map(
      (p: { path: string; backend: { service: { name: string; port: { number: number } } } }) =>
        `${p.path} -> ${p.backend.service.name}:${p.backend.service.port.number}`,
    );

  it("serves GoTrue under /gotrue with the prefix rewritten away", () => {
    const gotrue = ingress("appflowy-gotrue");
    expect(pathsOf("appflowy-gotrue")).toEqual(["/gotrue(/|$)(.*) -> appflowy-gotrue:9999"]);
    expect(gotrue.metadata.annotations).toMatchObject({
      "nginx.ingress.kubernetes.io/use-regex": "true",
      "nginx.ingress.kubernetes.io/rewrite-target": "/$2",
    });
    expect(gotrue.spec.rules[0].host).toBe(`appflowy.${DOMAIN}`);
  });

  it("serves the API, websockets, console and web app without rewriting, with long timeouts", () => {
    const app = ingress("appflowy");
    expect(pathsOf("appflowy")).toEqual([
      "/api -> appflowy-cloud:8000",
      "/ws -> appflowy-cloud:8000",
      "/console -> appflowy-admin-frontend:3000",
      "/ -> appflowy-web:80",
    ]);
    expect(app.metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]).toBeUndefined();
    expect(app.metadata.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]).toBe(
      "86400",
    );
    expect(app.metadata.annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]).toBe(
      "86400",
    );
  });

  it("serves the MinIO API path with MinIO's internal name as upstream host", () => {
    const minio = ingress("appflowy-minio-api");
    expect(pathsOf("appflowy-minio-api")).toEqual(["/minio-api(/|$)(.*) -> appflowy-minio:9000"]);
    expect(minio.metadata.annotations).toMatchObject({
      "nginx.ingress.kubernetes.io/upstream-vhost": "appflowy-minio:9000",
      "nginx.ingress.kubernetes.io/rewrite-target": "/$2",
    });
    // The host presigned URLs are signed for is the one AppFlowy Cloud reaches MinIO by.
    expect(
      envOf(k8s(stack, TYPES.deployment, "appflowy-cloud", "appflowy")).APPFLOWY_S3_MINIO_URL,
    ).toBe(`http://${minio.metadata.annotations["nginx.ingress.kubernetes.io/upstream-vhost"]}`);
  });
});
