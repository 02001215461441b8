import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { invalid, readAlone } from "../../support/configAlone";
import { unwrap } from "../../support/unwrap";
import {
  BACKUP_DATABASES,
  loadSector7ServicesConfig,
} from "../../../stacks/sector7Services/servicesConfig";

/**
 * The services' keys read by loadSector7ServicesConfig alone, without a synthesis: the defaults,
 * every numeric and name rule at its boundaries, and each refusal's exact text (key, value, rule).
 * The synthesized services (wiring.test.ts, backups.test.ts, ...) check what the values become.
 */
const BASE = {
  "cluster:domain": "sector7.example.com",
  "appflowy:adminEmail": "ops@example.com",
};

function services(values: Record<string, string | undefined> = {}, secretKeys: string[] = []) {
  const merged = Object.fromEntries(
    Object.entries({ ...BASE, ...values }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  return readAlone(merged, loadSector7ServicesConfig, { stack: "sector7", secretKeys });
}

/** The one problem that setting `key` to `value` causes. */
const refusal = (key: string, value: string) => services({ [key]: value }).problems;

describe("the defaults", () => {
  it("are the documented sizes, switches, limits and owner", () => {
    const { result, problems } = services();
    expect(problems).toEqual([]);
    expect(result).toMatchObject({
      domain: "sector7.example.com",
      hosts: {
        heimdall: "sector7.example.com",
        n8n: "n8n.sector7.example.com",
        nocodb: "nocodb.sector7.example.com",
        nextcloud: "nextcloud.sector7.example.com",
        appflowy: "appflowy.sector7.example.com",
      },
      supabase: { storageSize: "100Gi", jwtIssuedAt: 1767225600, jwtExpiresAt: 2082758400 },
      ownerEmail: "ops@example.com",
      heimdall: { storageSize: "1Gi", ingressLogin: true },
      n8n: { storageSize: "20Gi" },
      ai: {
        ollamaGpus: 1,
        ollamaModels: ["llama3.2"],
        ollamaStorageSize: "100Gi",
        qdrantEnabled: false,
        qdrantStorageSize: "20Gi",
      },
      nocodb: { storageSize: "20Gi" },
      nextcloud: { enabled: false, storageSize: "100Gi", adminUser: "admin", maxUploadGi: 1 },
      appflowy: {
        adminEmail: "ops@example.com",
        postgresStorageSize: "50Gi",
        minioStorageSize: "50Gi",
        disableSignup: true,
        smtp: undefined,
      },
      backups: {
        volumeSize: "20Gi",
        schedules: {
          supabase: { schedule: "0 */6 * * *", retain: 30 },
          n8n: { schedule: "0 3 * * *", retain: 14 },
          nocodb: { schedule: "0 2 * * *", retain: 14 },
          nextcloud: { schedule: "0 4 * * 0", retain: 4 },
          appflowy: { schedule: "0 8-20/4 * * *", retain: 60 },
        },
      },
    });
  });

  it("switch what is set the other way", () => {
    const { result, problems } = services({
      "services:heimdallIngressLogin": "false",
      "services:qdrantEnabled": "true",
      "services:nextcloudEnabled": "true",
      "appflowy:disableSignup": "false",
    });
    expect(problems).toEqual([]);
    expect([
      result.heimdall.ingressLogin,
      result.ai.qdrantEnabled,
      result.nextcloud.enabled,
      result.appflowy.disableSignup,
    ]).toEqual([false, true, true, false]);
  });

  it("take each image from its own platform:versions entry, the services:*Image keys over it", () => {
    const names = [
      "supabase-postgres",
      "heimdall",
      "n8n",
      "ollama",
      "qdrant",
      "nocodb",
      "nextcloud",
      "redis",
      "postgres",
    ];
    const versions = {
      images: Object.fromEntries(names.map((n) => [n, `example.com/${n}:1.0.0`])),
    };
    const { result, problems } = services({ "platform:versions": JSON.stringify(versions) });
    expect(problems).toEqual([]);
    expect([
      result.supabase.image,
      result.heimdall.image,
      result.n8n.image,
      result.ai.ollamaImage,
      result.ai.qdrantImage,
      result.nocodb.image,
      result.nextcloud.image,
      result.nextcloud.redisImage,
      result.backups.toolsImage,
    ]).toEqual(names.map((n) => `example.com/${n}:1.0.0`));

    const own = {
      "services:heimdallImage": "own/heimdall:2.0.0",
      "services:n8nImage": "own/n8n:2.0.0",
      "services:ollamaImage": "own/ollama:2.0.0",
      "services:qdrantImage": "own/qdrant:2.0.0",
      "services:nocodbImage": "own/nocodb:2.0.0",
      "services:nextcloudImage": "own/nextcloud:2.0.0",
    };
    const set = services(own).result;
    expect([
      set.heimdall.image,
      set.n8n.image,
      set.ai.ollamaImage,
      set.ai.qdrantImage,
      set.nocodb.image,
      set.nextcloud.image,
    ]).toEqual(Object.values(own));
  });
});

describe("cluster:domain", () => {
  it("is required", () => {
    expect(services({ "cluster:domain": undefined }).problems).toEqual([
      "cluster:domain is required: the DNS domain of the services, e.g. sector7.helloworlddao.com",
    ]);
  });

  // nextcloud.<domain>, the longest host built on it, must stay within 253 characters.
  const domainOf = (length: number) =>
    `${"a".repeat(61)}.${"b".repeat(61)}.${"c".repeat(61)}.`.padEnd(length, "d");

  it("accepts a domain whose longest host is 253 characters", () => {
    const domain = domainOf(253 - "nextcloud.".length);
    expect(services({ "cluster:domain": domain }).problems).toEqual([]);
  });

  it.each([
    ["a domain whose longest host is 254 characters", domainOf(254 - "nextcloud.".length)],
    ["upper case", "Sector7.example.com"],
    ["an empty label", "sector7..example.com"],
    ["an underscore", "sector_7.example.com"],
  ])("refuses %s", (_, domain) => {
    expect(services({ "cluster:domain": domain }).problems).toEqual([
      invalid(
        "cluster:domain",
        domain,
        "a lower-case DNS name such as sector7.helloworlddao.com (services live at <service>.<domain>)",
      ),
    ]);
  });
});

describe("storage sizes", () => {
  const KEYS = [
    "services:supabaseStorage",
    "services:heimdallStorage",
    "services:n8nStorage",
    "services:ollamaStorage",
    "services:qdrantStorage",
    "services:nocodbStorage",
    "services:nextcloudStorage",
    "appflowy:postgresStorage",
    "appflowy:minioStorage",
    "databaseBackups:volumeSize",
  ];

  it.each(KEYS)("%s refuses 20GB, naming the units", (key) => {
    expect(refusal(key, "20GB")).toEqual([
      invalid(key, "20GB", "a storage size such as 20Gi (Mi, Gi or Ti)"),
    ]);
  });

  it("each take their own key", () => {
    const values = Object.fromEntries(KEYS.map((key, i) => [key, `${i + 1}Ti`]));
    const { result, problems } = services(values);
    expect(problems).toEqual([]);
    expect([
      result.supabase.storageSize,
      result.heimdall.storageSize,
      result.n8n.storageSize,
      result.ai.ollamaStorageSize,
      result.ai.qdrantStorageSize,
      result.nocodb.storageSize,
      result.nextcloud.storageSize,
      result.appflowy.postgresStorageSize,
      result.appflowy.minioStorageSize,
      result.backups.volumeSize,
    ]).toEqual(KEYS.map((_, i) => `${i + 1}Ti`));
  });
});

describe("services:nextcloudAdminUser", () => {
  it.each(["a", "Admin", "ops_1.x-y", "a".repeat(64)])("accepts %s", (user) => {
    expect(services({ "services:nextcloudAdminUser": user })).toMatchObject({
      result: { nextcloud: { adminUser: user } },
      problems: [],
    });
  });

  it.each(["a".repeat(65), "1admin", "_admin", "ad min", "admin@x"])("refuses %s", (user) => {
    expect(refusal("services:nextcloudAdminUser", user)).toEqual([
      invalid("services:nextcloudAdminUser", user, "a user name such as admin"),
    ]);
  });
});

describe("services:n8nGpus", () => {
  it.each(["0", "1"])("is refused set to %s, pointing at services:ollamaGpus", (value) => {
    expect(refusal("services:n8nGpus", value)).toEqual([
      invalid(
        "services:n8nGpus",
        value,
        "no value: n8n no longer takes a GPU; set services:ollamaGpus (Ollama holds the GPU)",
      ),
    ]);
  });
});

describe("whole numbers at their bounds", () => {
  const BOUNDS: [string, number, number][] = [
    ["services:ollamaGpus", 0, 8],
    ["services:nextcloudMaxUploadGi", 1, 100],
    ...BACKUP_DATABASES.map((db): [string, number, number] => [
      `databaseBackups:${db}Retention`,
      1,
      1000,
    ]),
  ];

  it.each(BOUNDS)("%s takes %i to %i", (key, min, max) => {
    for (const value of [min, max]) {
      expect(services({ [key]: String(value) }).problems).toEqual([]);
    }
    for (const value of [min - 1, max + 1]) {
      expect(refusal(key, String(value))).toEqual([
        invalid(key, String(value), `a whole number from ${min} to ${max}`),
      ]);
    }
  });

  it("each land where they belong", () => {
    const { result } = services({
      "services:ollamaGpus": "0",
      "services:nextcloudMaxUploadGi": "100",
      ...Object.fromEntries(
        BACKUP_DATABASES.map((db, i) => [`databaseBackups:${db}Retention`, String(i + 1)]),
      ),
    });
    expect(result.ai.ollamaGpus).toBe(0);
    expect(result.nextcloud.maxUploadGi).toBe(100);
    expect(BACKUP_DATABASES.map((db) => result.backups.schedules[db].retain)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });
});

describe("database backup schedules", () => {
  it.each(BACKUP_DATABASES)("databaseBackups:%sSchedule is set, or refused if not cron", (db) => {
    const key = `databaseBackups:${db}Schedule`;
    expect(services({ [key]: "15 1 * * 1" }).result.backups.schedules[db]).toMatchObject({
      schedule: "15 1 * * 1",
    });
    expect(refusal(key, "@daily")).toEqual([
      invalid(key, "@daily", "a five-field cron expression such as 0 3 * * * (UTC)"),
    ]);
  });
});

describe("appflowy:adminEmail and services:ownerEmail", () => {
  it("fall back to certManager:email when it is an address", () => {
    expect(
      services({ "appflowy:adminEmail": undefined, "certManager:email": "le@example.com" }),
    ).toMatchObject({
      result: { appflowy: { adminEmail: "le@example.com" }, ownerEmail: "le@example.com" },
      problems: [],
    });
  });

  it("do not take a certManager:email that is no address", () => {
    expect(
      services({ "appflowy:adminEmail": undefined, "certManager:email": "graydon" }).problems,
    ).toEqual(["appflowy:adminEmail is required: the AppFlowy admin's e-mail"]);
    expect(services({ "appflowy:adminEmail": undefined }).problems).toEqual([
      "appflowy:adminEmail is required: the AppFlowy admin's e-mail",
    ]);
  });

  it("take appflowy:adminEmail over certManager:email", () => {
    expect(services({ "certManager:email": "le@example.com" }).result.appflowy.adminEmail).toBe(
      "ops@example.com",
    );
  });

  it.each(["graydon", "a@b", "a@b.c", "a b@example.com", "a@@example.com"])(
    "refuse %s as the admin's e-mail",
    (email) => {
      expect(refusal("appflowy:adminEmail", email)).toEqual([
        invalid("appflowy:adminEmail", email, "an e-mail address such as ops@example.com"),
      ]);
    },
  );

  it("take services:ownerEmail as the owner when set", () => {
    expect(services({ "services:ownerEmail": "owner@example.com" })).toMatchObject({
      result: { ownerEmail: "owner@example.com", appflowy: { adminEmail: "ops@example.com" } },
      problems: [],
    });
    expect(refusal("services:ownerEmail", "owner")).toEqual([
      invalid("services:ownerEmail", "owner", "an e-mail address such as ops@example.com"),
    ]);
  });
});

describe("services:ollamaModels", () => {
  it.each([
    ["llama3.2,nomic-embed-text", ["llama3.2", "nomic-embed-text"]],
    ["llama3.2 qwen2.5:7b, library/x:1", ["llama3.2", "qwen2.5:7b", "library/x:1"]],
    [" none ", []],
    ["none", []],
  ])("reads %j", (raw, models) => {
    expect(services({ "services:ollamaModels": raw })).toMatchObject({
      result: { ai: { ollamaModels: models } },
      problems: [],
    });
  });

  it.each(["Llama3", "llama3,Bad!", ",", "llama3 none2 -x"])("refuses %j", (raw) => {
    expect(refusal("services:ollamaModels", raw)).toEqual([
      invalid(
        "services:ollamaModels",
        raw,
        "Ollama model names separated by commas, such as llama3.2,nomic-embed-text (or none)",
      ),
    ]);
  });
});

describe("appflowy:version and appflowy:webVersion", () => {
  it.each(["0.9.149", "v0.9.149", "1.2.3-rc.1", "1.2.3.4"])("accept %s", (version) => {
    const { result, problems } = services({
      "appflowy:version": version,
      "appflowy:webVersion": version,
    });
    expect(problems).toEqual([]);
    expect(result.appflowy.images.cloud).toBe(`appflowyinc/appflowy_cloud:${version}`);
    expect(result.appflowy.images.web).toBe(`appflowyinc/appflowy_web:${version}`);
  });

  it("each set their own images", () => {
    const { images } = services({ "appflowy:webVersion": "9.9.9" }).result.appflowy;
    expect(images.web).toBe("appflowyinc/appflowy_web:9.9.9");
    expect(images.cloud).not.toContain("9.9.9");
  });

  it.each(["appflowy:version", "appflowy:webVersion"])("%s refuses what is no release", (key) => {
    for (const value of ["latest", "0.9", "0.9.149 ", "x0.9.149", "0.9.149-"]) {
      expect(refusal(key, value)).toEqual([
        invalid(key, value, "a release version such as 0.9.149 (never latest)"),
      ]);
    }
  });
});

describe("appflowy:smtp*", () => {
  const SMTP = {
    "appflowy:smtpHost": "smtp.example.com",
    "appflowy:smtpUser": "mailer",
    "appflowy:smtpPassword": "correct-horse",
  };
  const smtp = (values: Record<string, string | undefined>) =>
    services({ ...SMTP, ...values }, ["appflowy:smtpPassword"]);

  it("is off unless appflowy:smtpHost is set", () => {
    expect(services({ "appflowy:smtpUser": "mailer" })).toMatchObject({
      result: { appflowy: { smtp: undefined } },
      problems: [],
    });
  });

  it("sends on port 465 from the admin's address by default, the password a secret", async () => {
    const { result, problems } = smtp({});
    expect(problems).toEqual([]);
    const { password, ...rest } = result.appflowy.smtp!;
    expect(rest).toEqual({
      host: "smtp.example.com",
      port: 465,
      username: "mailer",
      sender: "ops@example.com",
    });
    expect(await pulumi.isSecret(password)).toBe(true);
    expect(await unwrap(password)).toBe("correct-horse");
  });

  it("takes the port and sender given", () => {
    expect(
      smtp({ "appflowy:smtpPort": "587", "appflowy:smtpSender": "noreply@example.com" }).result
        .appflowy.smtp,
    ).toMatchObject({ port: 587, sender: "noreply@example.com" });
  });

  it("needs the login and the password", () => {
    expect(
      smtp({ "appflowy:smtpUser": undefined, "appflowy:smtpPassword": undefined }),
    ).toMatchObject({
      result: { appflowy: { smtp: undefined } },
      problems: [
        "appflowy:smtpUser is required: the SMTP login (with appflowy:smtpHost)",
        "appflowy:smtpPassword is required: the SMTP password, set with --secret (with " +
          "appflowy:smtpHost)",
      ],
    });
  });

  it("refuses a host that is no DNS name, a port out of range, a sender that is no address", () => {
    expect(smtp({ "appflowy:smtpHost": "smtp_mail" }).problems).toEqual([
      invalid("appflowy:smtpHost", "smtp_mail", "the SMTP server's DNS name, e.g. smtp.gmail.com"),
    ]);
    expect(smtp({ "appflowy:smtpPort": "0" }).problems).toEqual([
      invalid("appflowy:smtpPort", "0", "a whole number from 1 to 65535"),
    ]);
    expect(smtp({ "appflowy:smtpSender": "noreply" }).problems).toEqual([
      invalid("appflowy:smtpSender", "noreply", "an e-mail address such as noreply@example.com"),
    ]);
  });
});
