import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  ContainerResources,
  envReference,
  plainEnv,
  secretEnv,
} from "../../toolbox/workloads/containers";

/** The eight services, in seed 004's start order. */
export const APPFLOWY_SERVICE_KEYS = [
  "postgres",
  "redis",
  "minio",
  "gotrue",
  "cloud",
  "worker",
  "web",
  "adminFrontend",
] as const;
export type AppFlowyServiceKey = (typeof APPFLOWY_SERVICE_KEYS)[number];

/** An SMTP account AppFlowy sends mail through. */
export interface AppFlowySmtp {
  readonly host: string;
  /** 465: TLS from the first byte; other ports: STARTTLS, required. */
  readonly port: number;
  readonly username: string;
  readonly password: pulumi.Input<string>;
  /** The sender address (GoTrue's admin e-mail, AppFlowy's mailer e-mail). */
  readonly sender: string;
}

/**
 * What a team can do with self-hosted AppFlowy-Cloud without a license (upstream README: one
 * user seat per instance and up to 3 guest editors; issues #1570, #1595, #1608, #1641).
 */
export const APPFLOWY_TEAM_ACCESS =
  "Without a license AppFlowy-Cloud allows one member seat per workspace and up to 3 guest " +
  "editors per page owner: invites from the admin console stop at 'Seat limit reached'. " +
  "Teammates sign themselves up instead (appflowy:disableSignup=false) after the domain or " +
  "e-mail whitelist is set in the admin console (Users > Settings); each gets their own " +
  "workspace and joins shared pages as a guest. See docs/sector7-services.md.";

/** Names and credentials location of the dedicated PostgreSQL, for backups. */
export interface AppFlowyDatabase {
  readonly serviceName: string;
  readonly database: string;
  readonly user: string;
  readonly secretName: string;
  readonly passwordKey: string;
}

export const APPFLOWY_SECRET_NAME = "appflowy-secrets";
export const APPFLOWY_DATABASE: AppFlowyDatabase = {
  serviceName: "appflowy-postgres",
  database: "appflowy",
  // Seed 004, phase 5.1.
  user: "appflowy_admin",
  secretName: APPFLOWY_SECRET_NAME,
  passwordKey: "POSTGRES_PASSWORD",
};

export const BUCKET = "appflowy";
export const PART_OF = "appflowy";
export const size = (cpu: [string, string], memory: [string, string]): ContainerResources => ({
  requests: { cpu: cpu[0], memory: memory[0] },
  limits: { cpu: cpu[1], memory: memory[1] },
});

/** Internal (service to service) and external (browser) URLs of one deployment. */
export interface AppFlowyUrls {
  readonly internal: {
    readonly gotrue: string;
    readonly cloud: string;
    readonly redis: string;
    readonly minio: string;
    /** With `$(POSTGRES_PASSWORD)`, expanded from the Secret inside the pod. */
    readonly database: string;
  };
  readonly external: {
    readonly base: string;
    readonly gotrue: string;
    readonly websocket: string;
    readonly minioApi: string;
    readonly console: string;
  };
}

/** The URLs AppFlowy's services are wired with. */
export function appflowyUrls(host: string): AppFlowyUrls {
  const db = APPFLOWY_DATABASE;
  const base = `https://${host}`;
  return {
    internal: {
      gotrue: "http://appflowy-gotrue:9999",
      cloud: "http://appflowy-cloud:8000",
      redis: "redis://appflowy-redis:6379",
      minio: "http://appflowy-minio:9000",
      database: `postgres://${db.user}:${envReference("POSTGRES_PASSWORD")}@${db.serviceName}:5432/${db.database}`,
    },
    external: {
      base,
      gotrue: `${base}/gotrue`,
      websocket: `wss://${host}/ws/v2`,
      minioApi: `${base}/minio-api`,
      console: `${base}/console`,
    },
  };
}

type EnvVar = kubernetes.types.input.core.v1.EnvVar;

/** The environment variables several services share, read from the stack's Secret. */
export interface AppFlowyEnv {
  /** A variable from the stack's Secret; `key` defaults to the variable's name. */
  readonly fromSecret: (env: string, key?: string) => EnvVar;
  readonly dbPassword: EnvVar;
  /** MinIO as AppFlowy's S3 store. */
  readonly s3: EnvVar[];
  /** AppFlowy's mailer (invitation and notification mails from the API and the worker). */
  readonly mailer: EnvVar[];
  /** GoTrue's mail (invites, magic links, recovery). */
  readonly gotrueSmtp: EnvVar[];
}

/** The shared variables, with `secretName` the stack's Secret (its output, so they wait for it). */
export function appflowyEnv(
  secretName: pulumi.Input<string>,
  urls: AppFlowyUrls,
  smtp: AppFlowySmtp | undefined,
): AppFlowyEnv {
  const fromSecret = (env: string, key: string = env) => secretEnv(env, secretName, key);
  return {
    fromSecret,
    dbPassword: fromSecret("POSTGRES_PASSWORD"),
    s3: [
      ...plainEnv({
        APPFLOWY_S3_USE_MINIO: "true",
        APPFLOWY_S3_MINIO_URL: urls.internal.minio,
      }),
      fromSecret("APPFLOWY_S3_ACCESS_KEY"),
      fromSecret("APPFLOWY_S3_SECRET_KEY"),
      ...plainEnv({ APPFLOWY_S3_BUCKET: BUCKET, APPFLOWY_S3_REGION: "us-east-1" }),
    ],
    mailer: smtp
      ? [
          ...plainEnv({
            APPFLOWY_MAILER_SMTP_HOST: smtp.host,
            APPFLOWY_MAILER_SMTP_PORT: String(smtp.port),
            APPFLOWY_MAILER_SMTP_USERNAME: smtp.username,
            APPFLOWY_MAILER_SMTP_EMAIL: smtp.sender,
          }),
          secretEnv("APPFLOWY_MAILER_SMTP_PASSWORD", APPFLOWY_SECRET_NAME, "SMTP_PASSWORD"),
          ...plainEnv({
            APPFLOWY_MAILER_SMTP_TLS_KIND: smtp.port === 465 ? "wrapper" : "required",
          }),
        ]
      : [],
    gotrueSmtp: smtp
      ? [
          ...plainEnv({
            GOTRUE_SMTP_HOST: smtp.host,
            GOTRUE_SMTP_PORT: String(smtp.port),
            GOTRUE_SMTP_USER: smtp.username,
          }),
          secretEnv("GOTRUE_SMTP_PASS", APPFLOWY_SECRET_NAME, "SMTP_PASSWORD"),
          ...plainEnv({ GOTRUE_SMTP_ADMIN_EMAIL: smtp.sender }),
        ]
      : [],
  };
}
