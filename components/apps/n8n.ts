import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namespace } from "../toolbox/kubernetes/namespace";
import {
  ServiceDatabaseConnection,
  serviceDatabaseSecret,
} from "../database/kubernetes/serviceDatabases";
import { ContainerResources, plainEnv, secretEnv } from "../toolbox/workloads/containers";
import { ServicesPlatform } from "../toolbox/workloads/servicesPlatform";
import { WebApp } from "../toolbox/workloads/webApp";
import { APP_IMAGES } from "./appImages";

export interface N8nArgs {
  /** Public host, e.g. `n8n.sector7.helloworlddao.com`. */
  readonly host: string;
  /** Its own database on the shared PostgreSQL (ServiceDatabases). */
  readonly database: ServiceDatabaseConnection;
  /**
   * The instance owner, created by n8n itself at start from these details (so the public
   * "set up owner" page never appears); the password is generated.
   */
  readonly ownerEmail: string;
  /** In-cluster AI services prefilled into n8n's Ollama and Qdrant credentials. */
  readonly ai?: { readonly ollamaUrl: string; readonly qdrantUrl?: string };
  /** Size of the `/home/node/.n8n` claim. Default: `20Gi`. */
  readonly storageSize?: string;
  /** Default: {@link APP_IMAGES}.n8n. */
  readonly image?: string;
  /** Default: `n8n`. */
  readonly namespace?: string;
  readonly resources?: ContainerResources;
  readonly platform: ServicesPlatform;
  /** What must be ready first: the database server and its provisioning job. */
  readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

/**
 * n8n (seed 004, phase 4.3) on its own database in the shared PostgreSQL, with a generated
 * encryption key for the credentials it stores, its public URL and webhook URL from the host,
 * its owner from generated credentials, and no GPU: the official image has no GPU runtime, so
 * AI workflows call Ollama (LocalAi) the way n8n's self-hosted AI starter kit does.
 */
export class N8n extends pulumi.ComponentResource {
  readonly app: WebApp;
  readonly url: pulumi.Output<string>;
  /** The app's namespace (created here). */
  readonly namespaceName: pulumi.Output<string>;
  /** Encrypts the credentials n8n stores; back it up: without it they cannot be read. */
  readonly encryptionKey: pulumi.Output<string>;
  readonly ownerEmail: pulumi.Output<string>;
  readonly ownerPassword: pulumi.Output<string>;

  constructor(name: string, args: N8nArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:apps:N8n", name, {}, opts);
    const child = { parent: this };
    const ns = namespace(
      `${name}-namespace`,
      { name: args.namespace ?? "n8n", podSecurity: "baseline", retainOnDelete: true },
      child,
    );
    this.namespaceName = ns.metadata.name;
    const nsName = ns.metadata.name;

    this.encryptionKey = pulumi.secret(
      new random.RandomPassword(`${name}-encryption-key`, { length: 48, special: false }, child)
        .result,
    );
    // n8n reads only a bcrypt hash of the owner's password; the password is a stack output.
    const owner = new random.RandomPassword(
      `${name}-owner-password`,
      { length: 32, special: false },
      child,
    );
    this.ownerPassword = pulumi.secret(owner.result);
    this.ownerEmail = pulumi.output(args.ownerEmail);
    const overwrites = n8nCredentialOverwrites(args.ai);
    const secrets = new kubernetes.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: "n8n-secrets", namespace: nsName },
        type: "Opaque",
        stringData: {
          N8N_ENCRYPTION_KEY: this.encryptionKey,
          N8N_INSTANCE_OWNER_PASSWORD_HASH: pulumi.secret(owner.bcryptHash),
          // Overwrites may carry credentials, so they travel like one (today: URLs only).
          ...(overwrites ? { CREDENTIALS_OVERWRITE_DATA: overwrites } : {}),
        },
      },
      child,
    );
    const dbSecret = serviceDatabaseSecret(
      `${name}-database`,
      { name: "n8n-database", namespace: nsName },
      args.database,
      child,
    );

    const url = `https://${args.host}/`;
    this.app = new WebApp(
      `${name}-app`,
      {
        namespace: nsName,
        appName: "n8n",
        image: args.image ?? APP_IMAGES.n8n,
        containerPort: 5678,
        host: args.host,
        env: [
          ...plainEnv({
            DB_TYPE: "postgresdb",
            DB_POSTGRESDB_HOST: args.database.host,
            DB_POSTGRESDB_PORT: String(args.database.port),
            DB_POSTGRESDB_DATABASE: args.database.database,
            DB_POSTGRESDB_USER: args.database.username,
          }),
          secretEnv("DB_POSTGRESDB_PASSWORD", dbSecret.metadata.name, "password"),
          secretEnv("N8N_ENCRYPTION_KEY", secrets.metadata.name),
          ...plainEnv({
            N8N_HOST: args.host,
            N8N_PROTOCOL: "https",
            N8N_PORT: "5678",
            // Behind ingress-nginx: trust one proxy's X-Forwarded-* headers.
            N8N_PROXY_HOPS: "1",
            N8N_EDITOR_BASE_URL: url,
            // The successor of the deprecated WEBHOOK_URL.
            N8N_WEBHOOK_URL: url,
            N8N_INSTANCE_OWNER_MANAGED_BY_ENV: "true",
            N8N_INSTANCE_OWNER_EMAIL: args.ownerEmail,
          }),
          secretEnv("N8N_INSTANCE_OWNER_PASSWORD_HASH", secrets.metadata.name),
          ...(overwrites ? [secretEnv("CREDENTIALS_OVERWRITE_DATA", secrets.metadata.name)] : []),
        ],
        data: { mountPath: "/home/node/.n8n", size: args.storageSize ?? "20Gi" },
        // The image runs as `node` (uid 1000).
        fsGroup: 1000,
        resources: args.resources ?? {
          requests: { cpu: "250m", memory: "512Mi" },
          limits: { cpu: "2", memory: "2Gi" },
        },
        health: { kind: "http", path: "/healthz", port: 5678 },
        readiness: { kind: "http", path: "/healthz/readiness", port: 5678 },
        ingressAnnotations: {
          "nginx.ingress.kubernetes.io/proxy-body-size": "64m",
          "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
          "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
        },
        platform: args.platform,
        waitFor: [secrets, dbSecret, ...(args.waitFor ?? [])],
      },
      child,
    );
    this.url = this.app.url;
    this.registerOutputs({
      url: this.url,
      encryptionKey: this.encryptionKey,
      ownerEmail: this.ownerEmail,
      ownerPassword: this.ownerPassword,
    });
  }
}

/**
 * CREDENTIALS_OVERWRITE_DATA for the in-cluster AI services: every Ollama credential's base URL
 * and every Qdrant credential's URL are prefilled (and fixed), so n8n's Ollama and Qdrant nodes
 * work without setup. Undefined when there is nothing to prefill.
 */
export function n8nCredentialOverwrites(ai: N8nArgs["ai"]): string | undefined {
  if (!ai) {
    return undefined;
  }
  return JSON.stringify({
    ollamaApi: { baseUrl: ai.ollamaUrl },
    ...(ai.qdrantUrl ? { qdrantApi: { qdrantUrl: ai.qdrantUrl } } : {}),
  });
}
