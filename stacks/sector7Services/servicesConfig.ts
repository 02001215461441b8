import { OLLAMA_MODEL } from "../../components/apps/ai/localAi";
import { appflowyImages, AppFlowyImages } from "../../components/apps/appflowy/appflowyImages";
import * as pulumi from "@pulumi/pulumi";
import { isCronExpression } from "../../components/toolbox/kubernetes/cron";
import { isStorageQuantity } from "../../components/toolbox/workloads/quantity";
import { loadSupabaseJwtTimes } from "../config/supabaseJwtTimes";
import { loadServiceResources, ServiceResources } from "./serviceResources";
import { ConfigReader, isHostname } from "../config/configReader";

/** Databases with a backup schedule: Supabase's own, the per-service ones, AppFlowy's. */
export const BACKUP_DATABASES = ["supabase", "n8n", "nocodb", "nextcloud", "appflowy"] as const;
export type BackupDatabase = (typeof BACKUP_DATABASES)[number];

export interface BackupSchedule {
  readonly schedule: string;
  readonly retain: number;
}

/**
 * Default schedules in the spirit of seed 001's table: the critical shared database every six
 * hours keeping 30, medium services daily keeping 14, the collaboration workspace (business
 * data, like seed 001's critical ERP database) every four hours in working hours keeping 60,
 * and the optional low-priority Nextcloud weekly keeping 4.
 */
export const DEFAULT_BACKUP_SCHEDULES: Readonly<Record<BackupDatabase, BackupSchedule>> = {
  supabase: { schedule: "0 */6 * * *", retain: 30 },
  n8n: { schedule: "0 3 * * *", retain: 14 },
  nocodb: { schedule: "0 2 * * *", retain: 14 },
  nextcloud: { schedule: "0 4 * * 0", retain: 4 },
  appflowy: { schedule: "0 8-20/4 * * *", retain: 60 },
};

/** Validated configuration of the sector7 services layer. */
export interface Sector7ServicesConfig {
  /** The base domain: Heimdall at the domain itself, the others at `<service>.<domain>`. */
  readonly domain: string;
  readonly hosts: {
    readonly heimdall: string;
    readonly n8n: string;
    readonly nocodb: string;
    readonly nextcloud: string;
    readonly appflowy: string;
  };
  readonly supabase: {
    readonly storageSize: string;
    readonly image: string;
    readonly jwtIssuedAt: number;
    readonly jwtExpiresAt: number;
  };
  /** Owner / super admin of n8n and NocoDB, created from generated passwords at first start. */
  readonly ownerEmail: string;
  readonly heimdall: {
    readonly storageSize: string;
    readonly image: string;
    readonly ingressLogin: boolean;
  };
  readonly n8n: { readonly storageSize: string; readonly image: string };
  readonly ai: {
    readonly ollamaImage: string;
    readonly ollamaGpus: number;
    readonly ollamaModels: readonly string[];
    readonly ollamaStorageSize: string;
    readonly qdrantEnabled: boolean;
    readonly qdrantImage: string;
    readonly qdrantStorageSize: string;
  };
  readonly nocodb: { readonly storageSize: string; readonly image: string };
  readonly nextcloud: {
    readonly enabled: boolean;
    readonly storageSize: string;
    readonly image: string;
    readonly redisImage: string;
    readonly adminUser: string;
    readonly maxUploadGi: number;
  };
  readonly appflowy: {
    readonly adminEmail: string;
    readonly postgresStorageSize: string;
    readonly minioStorageSize: string;
    readonly disableSignup: boolean;
    readonly images: AppFlowyImages;
    /** Undefined unless appflowy:smtpHost is set. */
    readonly smtp?: {
      readonly host: string;
      readonly port: number;
      readonly username: string;
      readonly password: pulumi.Output<string>;
      readonly sender: string;
    };
  };
  /** cpu and memory of every service (`services:resources` over the documented defaults). */
  readonly resources: ServiceResources;
  readonly backups: {
    readonly volumeSize: string;
    /** pg_dump/psql image of the Supabase jobs (versions.json `postgres`). */
    readonly toolsImage: string;
    readonly schedules: Readonly<Record<BackupDatabase, BackupSchedule>>;
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const VERSION_TAG = /^v?\d+\.\d+\.\d+([.-][0-9A-Za-z.-]+)?$/;
const USER_NAME = /^[a-z][a-z0-9_.-]{0,63}$/i;

function storage(reader: ConfigReader, namespace: string, key: string, fallback: string): string {
  const value = reader.string(namespace, key, fallback);
  if (!isStorageQuantity(value)) {
    reader.fail(`${namespace}:${key}`, value, "a storage size such as 20Gi (Mi, Gi or Ti)");
  }
  return value;
}

function versionTag(reader: ConfigReader, key: string): string | undefined {
  const value = reader.optionalString("appflowy", key);
  if (value !== undefined && (!VERSION_TAG.test(value) || value === "latest")) {
    reader.fail(`appflowy:${key}`, value, "a release version such as 0.9.149 (never latest)");
  }
  return value;
}

/** The domain the services live under: `cluster:domain`, checked for the hosts built on it. */
function domainOf(reader: ConfigReader): string {
  const domain = reader.requiredString(
    "cluster",
    "domain",
    "the DNS domain of the services, e.g. sector7.helloworlddao.com",
  );
  // The longest host built on it must be a DNS name too.
  if (domain && !isHostname(`nextcloud.${domain}`)) {
    reader.fail(
      "cluster:domain",
      domain,
      "a lower-case DNS name such as sector7.helloworlddao.com (services live at <service>.<domain>)",
    );
  }
  return domain;
}

function adminEmail(reader: ConfigReader): string {
  const configured = reader.optionalString("appflowy", "adminEmail");
  const fallback = reader.optionalString("certManager", "email");
  if (configured === undefined && fallback !== undefined && EMAIL.test(fallback)) {
    return fallback;
  }
  const value =
    configured ?? reader.requiredString("appflowy", "adminEmail", "the AppFlowy admin's e-mail");
  if (value && !EMAIL.test(value)) {
    reader.fail("appflowy:adminEmail", value, "an e-mail address such as ops@example.com");
  }
  return value;
}

/** `services:ollamaModels`: a comma- or space-separated list; `none` pulls nothing. */
function ollamaModels(reader: ConfigReader): string[] {
  const raw = reader.string("services", "ollamaModels", "llama3.2");
  if (raw.trim() === "none") {
    return [];
  }
  const models = raw.split(/[\s,]+/).filter((m) => m !== "");
  const bad = models.filter((m) => !OLLAMA_MODEL.test(m));
  if (models.length === 0 || bad.length > 0) {
    reader.fail(
      "services:ollamaModels",
      raw,
      "Ollama model names separated by commas, such as llama3.2,nomic-embed-text (or none)",
    );
  }
  return models;
}

/** `appflowy:smtp*`: all or nothing, the password as a secret. */
function appflowySmtp(reader: ConfigReader, adminEmail: string) {
  const host = reader.optionalString("appflowy", "smtpHost");
  if (host === undefined) {
    return undefined;
  }
  if (!isHostname(host)) {
    reader.fail("appflowy:smtpHost", host, "the SMTP server's DNS name, e.g. smtp.gmail.com");
  }
  const port = reader.port("appflowy", "smtpPort", 465);
  const username = reader.requiredString(
    "appflowy",
    "smtpUser",
    "the SMTP login (with appflowy:smtpHost)",
  );
  const password = reader.requiredSecret(
    "appflowy",
    "smtpPassword",
    "the SMTP password, set with --secret (with appflowy:smtpHost)",
  );
  const sender = reader.string("appflowy", "smtpSender", adminEmail);
  if (!EMAIL.test(sender)) {
    reader.fail("appflowy:smtpSender", sender, "an e-mail address such as noreply@example.com");
  }
  return password ? { host, port, username, password, sender } : undefined;
}

function backupSchedules(reader: ConfigReader): Record<BackupDatabase, BackupSchedule> {
  const schedules = {} as Record<BackupDatabase, BackupSchedule>;
  for (const db of BACKUP_DATABASES) {
    const defaults = DEFAULT_BACKUP_SCHEDULES[db];
    const schedule = reader.string("databaseBackups", `${db}Schedule`, defaults.schedule);
    if (!isCronExpression(schedule)) {
      reader.fail(
        `databaseBackups:${db}Schedule`,
        schedule,
        "a five-field cron expression such as 0 3 * * * (UTC)",
      );
    }
    const retain = reader.integer("databaseBackups", `${db}Retention`, defaults.retain, 1, 1000);
    schedules[db] = { schedule, retain };
  }
  return schedules;
}

/**
 * Reads and validates the services layer of sector7 with the stack's reader, so its problems
 * are reported with the platform's, all at once. Call `reader.assertValid()` afterwards.
 */
export function loadSector7ServicesConfig(reader: ConfigReader): Sector7ServicesConfig {
  const versions = reader.versions();
  const domain = domainOf(reader);
  const nextcloudAdmin = reader.string("services", "nextcloudAdminUser", "admin");
  if (!USER_NAME.test(nextcloudAdmin)) {
    reader.fail("services:nextcloudAdminUser", nextcloudAdmin, "a user name such as admin");
  }
  const { jwtIssuedAt, jwtExpiresAt } = loadSupabaseJwtTimes(reader);
  if (reader.optionalString("services", "n8nGpus") !== undefined) {
    reader.fail(
      "services:n8nGpus",
      reader.optionalString("services", "n8nGpus"),
      "no value: n8n no longer takes a GPU; set services:ollamaGpus (Ollama holds the GPU)",
    );
  }
  const appflowyAdmin = adminEmail(reader);
  const configuredOwner = reader.optionalString("services", "ownerEmail");
  const ownerEmail = configuredOwner ?? appflowyAdmin;
  // The fallback is checked (and reported) as appflowy:adminEmail.
  if (configuredOwner !== undefined && !EMAIL.test(configuredOwner)) {
    reader.fail("services:ownerEmail", ownerEmail, "an e-mail address such as ops@example.com");
  }

  return {
    domain,
    hosts: {
      heimdall: domain,
      n8n: `n8n.${domain}`,
      nocodb: `nocodb.${domain}`,
      nextcloud: `nextcloud.${domain}`,
      appflowy: `appflowy.${domain}`,
    },
    supabase: {
      storageSize: storage(reader, "services", "supabaseStorage", "100Gi"),
      image: versions.image("supabase-postgres"),
      jwtIssuedAt,
      jwtExpiresAt,
    },
    ownerEmail,
    heimdall: {
      storageSize: storage(reader, "services", "heimdallStorage", "1Gi"),
      image: reader.image("services", "heimdallImage", versions.image("heimdall")),
      ingressLogin: reader.boolean("services", "heimdallIngressLogin", true),
    },
    n8n: {
      storageSize: storage(reader, "services", "n8nStorage", "20Gi"),
      image: reader.image("services", "n8nImage", versions.image("n8n")),
    },
    ai: {
      ollamaImage: reader.image("services", "ollamaImage", versions.image("ollama")),
      ollamaGpus: reader.integer("services", "ollamaGpus", 1, 0, 8),
      ollamaModels: ollamaModels(reader),
      ollamaStorageSize: storage(reader, "services", "ollamaStorage", "100Gi"),
      qdrantEnabled: reader.boolean("services", "qdrantEnabled", false),
      qdrantImage: reader.image("services", "qdrantImage", versions.image("qdrant")),
      qdrantStorageSize: storage(reader, "services", "qdrantStorage", "20Gi"),
    },
    nocodb: {
      storageSize: storage(reader, "services", "nocodbStorage", "20Gi"),
      image: reader.image("services", "nocodbImage", versions.image("nocodb")),
    },
    nextcloud: {
      enabled: reader.boolean("services", "nextcloudEnabled", false),
      storageSize: storage(reader, "services", "nextcloudStorage", "100Gi"),
      image: reader.image("services", "nextcloudImage", versions.image("nextcloud")),
      redisImage: versions.image("redis"),
      adminUser: nextcloudAdmin,
      maxUploadGi: reader.integer("services", "nextcloudMaxUploadGi", 1, 1, 100),
    },
    appflowy: {
      adminEmail: appflowyAdmin,
      postgresStorageSize: storage(reader, "appflowy", "postgresStorage", "50Gi"),
      minioStorageSize: storage(reader, "appflowy", "minioStorage", "50Gi"),
      disableSignup: reader.boolean("appflowy", "disableSignup", true),
      // appflowy:version and appflowy:webVersion, when set, win over platform:versions.
      images: appflowyImages(
        versionTag(reader, "version"),
        versionTag(reader, "webVersion"),
        versions,
      ),
      smtp: appflowySmtp(reader, appflowyAdmin),
    },
    resources: loadServiceResources(reader),
    backups: {
      volumeSize: storage(reader, "databaseBackups", "volumeSize", "20Gi"),
      toolsImage: versions.image("postgres"),
      schedules: backupSchedules(reader),
    },
  };
}
