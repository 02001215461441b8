import { createHash } from "crypto";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { isSecretValue } from "../../../scripts/lib/propertyValues";
import { SynthResult } from "../../../scripts/lib/synthesize";
import { deploymentTimeouts } from "../../../components/toolbox/workloads/webApp";
import {
  DEFAULT_SERVICE_RESOURCES,
  ServiceName,
} from "../../../stacks/sector7Services/serviceResources";
import { plainInputs, resourcesOfType } from "../../support/synthFixture";
import {
  BASE_CONFIG,
  containerOf,
  envOf,
  k8s,
  outputs,
  podSpecOf,
  synthServices,
  TYPES,
} from "./servicesFixture";

let stack: SynthResult;
let noHeimdallLogin: SynthResult;

const secretData = (result: SynthResult, name: string, ns: string) =>
  plainInputs(k8s(result, TYPES.secret, name, ns)).stringData as Record<string, string>;

/** `<name>.<namespace>.svc.cluster.local:<port>` of a synthesized Service. */
function serviceUrl(result: SynthResult, name: string, ns: string, portName: string): string {
  const svc = plainInputs(k8s(result, TYPES.service, name, ns));
  const port = svc.spec.ports.find((p: { name: string }) => p.name === portName).port;
  return `http://${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local:${port}`;
}

/** Bytes of a PHP shorthand (`1G`) or an nginx size (`1g`, `64m`). */
function bytes(size: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(size);
  if (!m) {
    throw new Error(`not a size: ${size}`);
  }
  const unit = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[m[2].toLowerCase()]!;
  return Number(m[1]) * unit;
}

beforeAll(async () => {
  stack = await synthServices({
    "services:nextcloudEnabled": "true",
    "services:qdrantEnabled": "true",
    "services:ollamaModels": "llama3.2, nomic-embed-text",
  });
  noHeimdallLogin = await synthServices({ "services:heimdallIngressLogin": "false" });
});

describe("AI on the GPU, n8n wired to it", () => {
  it("prefills n8n's Ollama and Qdrant credentials with the Services' in-cluster URLs", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "n8n", "n8n"));
    // From the n8n Secret, like every credential-shaped variable.
    expect(env.CREDENTIALS_OVERWRITE_DATA).toBe("secret:n8n-secrets/CREDENTIALS_OVERWRITE_DATA");
    const secret = plainInputs(k8s(stack, TYPES.secret, "n8n-secrets", "n8n")).stringData;
    const overwrites = JSON.parse(secret.CREDENTIALS_OVERWRITE_DATA);
    expect(overwrites.ollamaApi.baseUrl).toBe(serviceUrl(stack, "ollama", "ai", "http"));
    expect(overwrites.qdrantApi.qdrantUrl).toBe(serviceUrl(stack, "qdrant", "ai", "http"));
    const ollama = containerOf(k8s(stack, TYPES.deployment, "ollama", "ai"));
    const named = ollama.ports.find((p: { name: string }) => p.name === "http").containerPort;
    expect(overwrites.ollamaApi.baseUrl.endsWith(`:${named}`)).toBe(true);
  });

  it("keeps Ollama and Qdrant off the public ingress", () => {
    const aiIngresses = resourcesOfType(stack, TYPES.ingress).filter(
      (r) => plainInputs(r).metadata.namespace === "ai",
    );
    expect(aiIngresses).toEqual([]);
    for (const name of ["ollama", "qdrant"]) {
      expect(plainInputs(k8s(stack, TYPES.service, name, "ai")).spec.type).toBe("ClusterIP");
    }
    expect(Object.keys(outputs(stack).serviceUrls)).not.toContain("ollama");
  });

  it("keeps models on a protected Longhorn claim mounted where Ollama stores them", () => {
    const claim = k8s(stack, TYPES.claim, "ollama-data", "ai");
    expect(plainInputs(claim).spec.storageClassName).toBe("longhorn");
    expect(claim.options.protect).toBe(true);
    const deployment = k8s(stack, TYPES.deployment, "ollama", "ai");
    const volume = podSpecOf(deployment).volumes.find(
      (v: { persistentVolumeClaim?: { claimName: string } }) =>
        v.persistentVolumeClaim?.claimName === "ollama-data",
    );
    const mount = containerOf(deployment).volumeMounts.find(
      (m: { name: string }) => m.name === volume.name,
    );
    // The image runs as root: $HOME/.ollama/models is under /root/.ollama.
    expect(mount.mountPath).toBe("/root/.ollama");
  });

  it("pulls each configured model from the in-cluster Ollama (the Job's script, run by sh)", () => {
    const job = k8s(stack, TYPES.job, "ollama-pull-models", "ai");
    const container = containerOf(job);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ollama-pull-"));
    const log = path.join(dir, "calls");
    // A stand-in `ollama` that records its arguments and OLLAMA_HOST.
    fs.writeFileSync(path.join(dir, "ollama"), `#!/bin/sh\necho "$OLLAMA_HOST $*" >> ${log}\n`, {
      mode: 0o755,
    });
    const [shell, flag, script] = container.command;
    execFileSync(shell, [flag, script], {
      env: { PATH: `${dir}:/usr/bin:/bin`, ...envOf(job) },
    });
    const host = serviceUrl(stack, "ollama", "ai", "http");
    expect(fs.readFileSync(log, "utf8").trim().split("\n")).toEqual([
      `${host} pull llama3.2`,
      `${host} pull nomic-embed-text`,
    ]);
    expect(job.dependencies).toContain(k8s(stack, TYPES.deployment, "ollama", "ai").urn);
  });
});

describe("no app can be claimed by a stranger", () => {
  it("has n8n create its owner at start from a generated password's bcrypt hash", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "n8n", "n8n"));
    expect(env.N8N_INSTANCE_OWNER_MANAGED_BY_ENV).toBe("true");
    expect(env.N8N_INSTANCE_OWNER_EMAIL).toBe(BASE_CONFIG["appflowy:adminEmail"]);
    expect(env.N8N_INSTANCE_OWNER_PASSWORD_HASH).toBe(
      "secret:n8n-secrets/N8N_INSTANCE_OWNER_PASSWORD_HASH",
    );
    const hash = secretData(stack, "n8n-secrets", "n8n").N8N_INSTANCE_OWNER_PASSWORD_HASH;
    expect(hash).toMatch(/^\$2[aby]\$\d\d\$/);
    expect(outputs(stack).n8nOwnerEmail).toBe(BASE_CONFIG["appflowy:adminEmail"]);
    expect(isSecretValue(stack.outputs.n8nOwnerPassword)).toBe(true);
  });

  it("has NocoDB create its super admin from a generated password NocoDB accepts", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "nocodb", "nocodb"));
    expect(env.NC_ADMIN_EMAIL).toBe(BASE_CONFIG["appflowy:adminEmail"]);
    expect(env.NC_ADMIN_PASSWORD).toBe("secret:nocodb-secrets/NC_ADMIN_PASSWORD");
    const password = secretData(stack, "nocodb-secrets", "nocodb").NC_ADMIN_PASSWORD;
    expect(password).toBe(outputs(stack).nocodbAdminPassword);
    expect(outputs(stack).nocodbAdminEmail).toBe(BASE_CONFIG["appflowy:adminEmail"]);
  });

  it("takes services:ownerEmail for both owners", async () => {
    const other = await synthServices({ "services:ownerEmail": "ops@helloworlddao.com" });
    expect(envOf(k8s(other, TYPES.deployment, "n8n", "n8n")).N8N_INSTANCE_OWNER_EMAIL).toBe(
      "ops@helloworlddao.com",
    );
    expect(envOf(k8s(other, TYPES.deployment, "nocodb", "nocodb")).NC_ADMIN_EMAIL).toBe(
      "ops@helloworlddao.com",
    );
  });

  it("puts Heimdall behind an ingress login whose htpasswd line verifies the output password", () => {
    const ingress = plainInputs(k8s(stack, TYPES.ingress, "heimdall", "heimdall"));
    const annotations = ingress.metadata.annotations;
    expect(annotations["nginx.ingress.kubernetes.io/auth-type"]).toBe("basic");
    const secretName = annotations["nginx.ingress.kubernetes.io/auth-secret"];
    const line = secretData(stack, secretName, "heimdall").auth;
    const [user, hashed] = line.split(":");
    expect(user).toBe(outputs(stack).heimdallLoginUser);
    // nginx's {SSHA}: base64 of SHA-1(password + salt) followed by the salt.
    const raw = Buffer.from(hashed.replace("{SSHA}", ""), "base64");
    const digest = createHash("sha1")
      .update(outputs(stack).heimdallLoginPassword)
      .update(raw.subarray(20))
      .digest();
    expect(digest.equals(raw.subarray(0, 20))).toBe(true);
    expect(
      envOf(k8s(stack, TYPES.deployment, "heimdall", "heimdall")).ALLOW_INTERNAL_REQUESTS,
    ).toBe("true");
  });

  it("drops Heimdall's ingress login when services:heimdallIngressLogin is false", () => {
    const ingress = plainInputs(k8s(noHeimdallLogin, TYPES.ingress, "heimdall", "heimdall"));
    expect(ingress.metadata.annotations["nginx.ingress.kubernetes.io/auth-type"]).toBeUndefined();
    expect(outputs(noHeimdallLogin).heimdallLoginPassword).toBeUndefined();
  });
});

describe("Nextcloud in use", () => {
  it("lets PHP accept what the ingress lets through, with long proxy timeouts", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "nextcloud", "nextcloud"));
    const annotations = plainInputs(k8s(stack, TYPES.ingress, "nextcloud", "nextcloud")).metadata
      .annotations;
    expect(bytes(env.PHP_UPLOAD_LIMIT)).toBe(
      bytes(annotations["nginx.ingress.kubernetes.io/proxy-body-size"]),
    );
    expect(
      Number(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]),
    ).toBeGreaterThanOrEqual(600);
    expect(
      Number(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]),
    ).toBeGreaterThanOrEqual(600);
  });

  it("runs background jobs with the image's cron runner on the same data", () => {
    const pod = podSpecOf(k8s(stack, TYPES.deployment, "nextcloud", "nextcloud"));
    const [web, cron] = pod.containers;
    expect(cron.command).toEqual(["/cron.sh"]);
    expect(cron.image).toBe(web.image);
    expect(cron.volumeMounts).toEqual(web.volumeMounts);
  });

  it("uses a Redis in its namespace that evicts (a cache) within its memory limit", () => {
    const env = envOf(k8s(stack, TYPES.deployment, "nextcloud", "nextcloud"));
    const redis = k8s(stack, TYPES.deployment, "nextcloud-redis", "nextcloud");
    const service = plainInputs(k8s(stack, TYPES.service, env.REDIS_HOST, "nextcloud"));
    expect(service.spec.ports[0].port).toBe(Number(env.REDIS_HOST_PORT));
    const args: string[] = containerOf(redis).args;
    const maxmemory = args[args.indexOf("--maxmemory") + 1];
    expect(args[args.indexOf("--maxmemory-policy") + 1]).toBe("allkeys-lru");
    const limit = containerOf(redis).resources.limits.memory as string;
    expect(bytes(maxmemory.replace("mb", "m"))).toBeLessThan(bytes(limit.replace("Mi", "m")));
  });
});

describe("Pulumi waits as long as an app may take to start", () => {
  it("keeps the default for short starts and extends it beyond the startup allowance", () => {
    expect(deploymentTimeouts(300)).toEqual({});
    const long = deploymentTimeouts(900).customTimeouts!;
    expect(parseInt(long.create!, 10) * 60).toBeGreaterThanOrEqual(900);
    expect(long.update).toBe(long.create);
  });
});

describe("AppFlowy for a team", () => {
  it("says what a team can do without a license, in a stack output", () => {
    const text: string = outputs(stack).appflowyTeamAccess;
    expect(text).toMatch(/one member seat/i);
    expect(text).toContain("appflowy:disableSignup=false");
    expect(text).toMatch(/whitelist/i);
  });

  it("gives each AppFlowy Ingress its own certificate secret", () => {
    const ingresses = resourcesOfType(stack, TYPES.ingress)
      .map((r) => plainInputs(r))
      .filter((i) => i.metadata.namespace === "appflowy");
    expect(ingresses).toHaveLength(3);
    const secrets = ingresses.map((i) => i.spec.tls[0].secretName);
    expect(new Set(secrets).size).toBe(3);
  });

  it("bounds Redis below its memory limit and evicts only keys with a TTL", () => {
    const redis = containerOf(k8s(stack, TYPES.deployment, "appflowy-redis", "appflowy"));
    const args: string[] = redis.args;
    const maxmemory = args[args.indexOf("--maxmemory") + 1];
    expect(args[args.indexOf("--maxmemory-policy") + 1]).toBe("volatile-lru");
    expect(bytes(maxmemory.replace("mb", "m"))).toBeLessThan(
      bytes((redis.resources.limits.memory as string).replace("Mi", "m")),
    );
  });

  it("sends GoTrue's and AppFlowy's mail through the configured SMTP account, password from the Secret", async () => {
    const withMail = await synthServices({
      "appflowy:smtpHost": "smtp.example.com",
      "appflowy:smtpPort": "587",
      "appflowy:smtpUser": "mailer@example.com",
      "appflowy:smtpPassword": "an-smtp-password-1234",
    });
    const gotrue = envOf(k8s(withMail, TYPES.deployment, "appflowy-gotrue", "appflowy"));
    expect(gotrue).toMatchObject({
      GOTRUE_SMTP_HOST: "smtp.example.com",
      GOTRUE_SMTP_PORT: "587",
      GOTRUE_SMTP_USER: "mailer@example.com",
      GOTRUE_SMTP_PASS: "secret:appflowy-secrets/SMTP_PASSWORD",
      GOTRUE_SMTP_ADMIN_EMAIL: BASE_CONFIG["appflowy:adminEmail"],
    });
    for (const name of ["appflowy-cloud", "appflowy-worker"]) {
      const env = envOf(k8s(withMail, TYPES.deployment, name, "appflowy"));
      expect(env.APPFLOWY_MAILER_SMTP_PASSWORD).toBe("secret:appflowy-secrets/SMTP_PASSWORD");
      // Port 587 is STARTTLS, not TLS from the first byte.
      expect(env.APPFLOWY_MAILER_SMTP_TLS_KIND).toBe("required");
    }
    const secret = k8s(withMail, TYPES.secret, "appflowy-secrets", "appflowy");
    expect(isSecretValue(secret.inputs.stringData)).toBe(true);
    expect(plainInputs(secret).stringData.SMTP_PASSWORD).toBe("an-smtp-password-1234");
    for (const type of [TYPES.deployment, TYPES.statefulSet]) {
      for (const w of resourcesOfType(withMail, type)) {
        expect(JSON.stringify(plainInputs(w))).not.toContain("an-smtp-password-1234");
      }
    }
    // Without SMTP config, no mail settings at all.
    expect(
      envOf(k8s(stack, TYPES.deployment, "appflowy-gotrue", "appflowy")).GOTRUE_SMTP_HOST,
    ).toBeUndefined();
  });
});

describe("cpu and memory per service, as config", () => {
  /** Where each entry of the table lands: workload kind, name, namespace, container index. */
  const PLACES: Record<ServiceName, [string, string, string, number]> = {
    heimdall: [TYPES.deployment, "heimdall", "heimdall", 0],
    n8n: [TYPES.deployment, "n8n", "n8n", 0],
    nocodb: [TYPES.deployment, "nocodb", "nocodb", 0],
    nextcloud: [TYPES.deployment, "nextcloud", "nextcloud", 0],
    nextcloudRedis: [TYPES.deployment, "nextcloud-redis", "nextcloud", 0],
    ollama: [TYPES.deployment, "ollama", "ai", 0],
    qdrant: [TYPES.deployment, "qdrant", "ai", 0],
    supabasePostgres: [TYPES.statefulSet, "supabase-db", "supabase", 0],
    appflowyPostgres: [TYPES.statefulSet, "appflowy-postgres", "appflowy", 0],
    appflowyRedis: [TYPES.deployment, "appflowy-redis", "appflowy", 0],
    appflowyMinio: [TYPES.deployment, "appflowy-minio", "appflowy", 0],
    appflowyGotrue: [TYPES.deployment, "appflowy-gotrue", "appflowy", 0],
    appflowyCloud: [TYPES.deployment, "appflowy-cloud", "appflowy", 0],
    appflowyWorker: [TYPES.deployment, "appflowy-worker", "appflowy", 0],
    appflowyWeb: [TYPES.deployment, "appflowy-web", "appflowy", 0],
    appflowyAdminFrontend: [TYPES.deployment, "appflowy-admin-frontend", "appflowy", 0],
  };
  const cpuMemory = (resources: { requests: object; limits: object }) => ({
    requests: pick(resources.requests),
    limits: pick(resources.limits),
  });
  const pick = (q: object) => {
    const { cpu, memory } = q as { cpu: string; memory: string };
    return { cpu, memory };
  };

  it("gives every service its documented default", () => {
    for (const [service, [type, name, ns, index]] of Object.entries(PLACES)) {
      const container = podSpecOf(k8s(stack, type, name, ns)).containers[index];
      expect(cpuMemory(container.resources), service).toEqual(
        DEFAULT_SERVICE_RESOURCES[service as ServiceName],
      );
    }
  });

  it("applies services:resources over the defaults, and Redis' maxmemory follows its limit", async () => {
    const sized = await synthServices({
      "services:resources": JSON.stringify({
        ollama: { limits: { memory: "24Gi", cpu: "6" } },
        appflowyRedis: { limits: { memory: "1Gi" } },
      }),
    });
    const ollama = containerOf(k8s(sized, TYPES.deployment, "ollama", "ai")).resources;
    expect(ollama.limits).toMatchObject({ cpu: "6", memory: "24Gi", "nvidia.com/gpu": "1" });
    expect(ollama.requests).toMatchObject(DEFAULT_SERVICE_RESOURCES.ollama.requests);
    const redis = containerOf(k8s(sized, TYPES.deployment, "appflowy-redis", "appflowy"));
    expect(redis.args[redis.args.indexOf("--maxmemory") + 1]).toBe("819mb");
  });
});
