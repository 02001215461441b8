import * as jwt from "jsonwebtoken";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { archonSupabaseUrlProblem } from "../../../components/archon/archonSupabaseUrl";
import { isSecretValue } from "../../../scripts/lib/propertyValues";
import { SynthResult } from "../../../scripts/lib/synthesize";
import {
  plainInputs,
  resourceNamed,
  synthProjectStack,
  synthProjectStackAgain,
} from "../../support/synthFixture";
import { container, containersByName, env, outputs } from "./archonProdFixture";

let stack: SynthResult;

beforeAll(async () => {
  stack = await synthProjectStack("archon-prod", ["archon:agentsEnabled=true"]);
});

describe("archon-prod env wiring", () => {
  it("hands the service_role key to server, MCP and Studio, to Kong only in kong.yml, not to the agents", () => {
    const serviceKey = outputs(stack).serviceRoleKey as string;
    expect(jwt.decode(serviceKey)).toMatchObject({ role: "service_role" });
    for (const name of ["archon-server", "archon-mcp"]) {
      expect(env(stack, name).SUPABASE_SERVICE_KEY, name).toBe(serviceKey);
    }
    // src/agents reads no Supabase setting: it takes credentials from the server.
    expect(env(stack, "archon-agents").SUPABASE_SERVICE_KEY).toBeUndefined();
    expect(env(stack, "archon-studio").SUPABASE_SERVICE_KEY).toBe(serviceKey);
  });

  it("uses one JWT secret in PostgREST and Studio, and it signs the keys", () => {
    const secret = env(stack, "archon-rest").PGRST_JWT_SECRET;
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(env(stack, "archon-rest").PGRST_APP_SETTINGS_JWT_SECRET).toBe(secret);
    expect(env(stack, "archon-studio").AUTH_JWT_SECRET).toBe(secret);
    // Upstream v1 reads none of these; only a self-authenticating fork does (below).
    for (const key of [
      "SUPABASE_JWT_SECRET",
      "ARCHON_BOOTSTRAP_SECRET",
      "ENABLE_DOCKER_SOCKET_MONITORING",
    ]) {
      expect(env(stack, "archon-server")[key], key).toBeUndefined();
    }
    const { anonKey, serviceRoleKey } = outputs(stack);
    expect(() => jwt.verify(anonKey, secret, { algorithms: ["HS256"] })).not.toThrow();
    expect(() => jwt.verify(serviceRoleKey, secret, { algorithms: ["HS256"] })).not.toThrow();
  });

  it("puts no credential in an env that its container does not read", () => {
    const { anonKey, serviceRoleKey } = outputs(stack);
    const jwtSecret = env(stack, "archon-rest").PGRST_JWT_SECRET;
    // Postgres reads only POSTGRES_PASSWORD (its init and the roles script); nothing in it reads
    // a JWT setting, since the image's jwt.sql init script is not mounted.
    expect(Object.values(env(stack, "archon-postgres"))).not.toContain(jwtSecret);
    // Kong's keys come from the rendered kong.yml, not from upstream's entrypoint templating.
    const kongEnv = Object.values(env(stack, "archon-kong"));
    for (const credential of [anonKey, serviceRoleKey, jwtSecret]) {
      expect(kongEnv).not.toContain(credential);
    }
  });

  it("gives Kong the anon and service keys in kong.yml", () => {
    const { anonKey, serviceRoleKey } = outputs(stack);
    expect(env(stack, "archon-studio").SUPABASE_ANON_KEY).toBe(anonKey);
    const uploads = plainInputs(container(stack, "archon-kong")).uploads as {
      file: string;
      content: string;
    }[];
    expect(uploads.map((u) => u.file)).toEqual(["/home/kong/kong.yml"]);
    const kong = parse(uploads[0].content);
    const keyOf = (user: string) =>
      kong.consumers.find((c: { username: string }) => c.username === user).keyauth_credentials[0]
        .key;
    expect(keyOf("anon")).toBe(anonKey);
    expect(keyOf("service_role")).toBe(serviceRoleKey);
    expect(plainInputs(container(stack, "archon-kong")).envs).toContain(
      "KONG_DECLARATIVE_CONFIG=/home/kong/kong.yml",
    );
  });

  it("points PostgREST, postgres-meta and Studio at Postgres by a name on the network", () => {
    const password = outputs(stack).postgresPassword as string;
    expect(env(stack, "archon-postgres").POSTGRES_PASSWORD).toBe(password);
    const postgresNames = [
      plainInputs(container(stack, "archon-postgres")).name,
      ...(
        plainInputs(container(stack, "archon-postgres")).networksAdvanced as { aliases: string[] }[]
      ).flatMap((n) => n.aliases),
    ];
    const rest = new URL(env(stack, "archon-rest").PGRST_DB_URI);
    expect(postgresNames).toContain(rest.hostname);
    expect(decodeURIComponent(rest.password)).toBe(password);
    expect(postgresNames).toContain(env(stack, "archon-meta").PG_META_DB_HOST);
    expect(env(stack, "archon-meta").PG_META_DB_PASSWORD).toBe(password);
    // Studio hands postgres-meta a connection string built from POSTGRES_HOST (default `db`).
    expect(postgresNames).toContain(env(stack, "archon-studio").POSTGRES_HOST);
  });

  it("gives Studio and postgres-meta one generated crypto key, not upstream's public example", () => {
    const key = env(stack, "archon-meta").CRYPTO_KEY;
    expect(env(stack, "archon-studio").PG_META_CRYPTO_KEY).toBe(key);
    expect(key).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(key).not.toBe("your-encryption-key-32-chars-min");
  });

  it("gives Studio the edge's public URL, not a loopback one", () => {
    const url = new URL(env(stack, "archon-studio").SUPABASE_PUBLIC_URL);
    expect(url.protocol).toBe("https:");
    expect(url.hostname).toBe(outputs(stack).studioPublicUrl.replace("https://", ""));
  });

  it("gives Archon a Supabase URL it accepts that reaches Kong inside the network", () => {
    const url = env(stack, "archon-server").SUPABASE_URL;
    expect(url).toBe("http://172.21.0.10:8000");
    expect(archonSupabaseUrlProblem(url)).toBeUndefined();
    expect(env(stack, "archon-mcp").SUPABASE_URL).toBe(url);
  });

  it("wires MCP to the server and agents by their container names", () => {
    const mcp = env(stack, "archon-mcp");
    expect(mcp.API_SERVICE_URL).toBe("http://archon-server:8181");
    expect(mcp.AGENTS_SERVICE_URL).toBe("http://archon-agents:8052");
    expect(mcp.TRANSPORT).toBe("sse");
    expect(env(stack, "archon-server").AGENTS_ENABLED).toBe("true");
    // Seeds 000/003's HOST and VITE_ALLOWED_HOSTS; ARCHON_HOST as Archon's compose sets it.
    expect(env(stack, "archon-ui").HOST).toBe("archon.nexorithm.io");
    expect(env(stack, "archon-ui").VITE_ALLOWED_HOSTS).toBe(
      "archon.nexorithm.io,supabase.archon.nexorithm.io,91.98.156.158,localhost,127.0.0.1",
    );
    expect(env(stack, "archon-server").ARCHON_HOST).toBe("archon.nexorithm.io");
  });

  it("lets the agents find MCP the way their container's fallback does", () => {
    // src/agents/mcp_client.py: without the server package, DOCKER_CONTAINER selects
    // http://archon-mcp:<ARCHON_MCP_PORT>.
    const agents = env(stack, "archon-agents");
    expect(agents.DOCKER_CONTAINER).toBeTruthy();
    expect(agents.ARCHON_MCP_PORT).toBe(env(stack, "archon-mcp").ARCHON_MCP_PORT);
    expect(agents.ARCHON_SERVER_PORT).toBe("8181");
  });
});

describe("archon-prod with a self-authenticating Archon (seed 000's fork)", () => {
  it("gives the server the fork's JWT and bootstrap secrets, both secret", async () => {
    const fork = await synthProjectStack("archon-prod", ["archon:kind=self-authenticating"]);
    const server = env(fork, "archon-server");
    expect(server.SUPABASE_JWT_SECRET).toBe(env(fork, "archon-rest").PGRST_JWT_SECRET);
    expect(server.ARCHON_BOOTSTRAP_SECRET).toBe(outputs(fork).archonBootstrapSecret);
    expect(server.ARCHON_BOOTSTRAP_SECRET).toHaveLength(32);
    expect(isSecretValue(fork.outputs.archonBootstrapSecret)).toBe(true);
    const raw = container(fork, "archon-server").inputs as { envs: unknown[] };
    const plain = plainInputs(container(fork, "archon-server")).envs as string[];
    for (const key of ["SUPABASE_JWT_SECRET", "ARCHON_BOOTSTRAP_SECRET"]) {
      const i = plain.findIndex((pair) => pair.startsWith(`${key}=`));
      expect(isSecretValue(raw.envs[i]), key).toBe(true);
    }
  });
});

describe("Archon's SUPABASE_URL rule", () => {
  it.each([
    "http://localhost:54321",
    "http://127.0.0.1:54321",
    "http://host.docker.internal:54321",
    "http://supabase.localhost:8000",
    "http://172.21.0.10:8000",
    "http://10.0.0.5:8000",
    "http://192.168.1.20:8000",
    "https://supabase.example.com",
  ])("accepts %s", (url) => {
    expect(archonSupabaseUrlProblem(url)).toBeUndefined();
  });

  it.each([
    "http://kong:8000",
    "http://supabase.example.com",
    "http://8.8.8.8:8000",
    "http://0.0.0.0:8000",
    "ftp://172.21.0.10",
    "not a url",
  ])("refuses %s", (url) => {
    expect(archonSupabaseUrlProblem(url)).toEqual(expect.any(String));
  });
});

describe("archon-prod start order", () => {
  const urnOf = (name: string) => container(stack, name).urn;
  const dependsOn = (name: string, ...on: string[]) => {
    const deps = container(stack, name).dependencies;
    for (const other of on) {
      expect(deps, `${name} waits for ${other}`).toContain(urnOf(other));
    }
  };

  it("waits for each container to be healthy before its dependents start", () => {
    for (const [name, resource] of containersByName(stack)) {
      const inputs = plainInputs(resource);
      expect(inputs.restart, name).toBe("unless-stopped");
      if (name === "archon-rest") {
        // PostgREST's image has no shell or client to run a health check with; the post-deploy
        // checks ask its admin server's /ready instead (test/components/archon/postDeployChecks.test.ts).
        expect(inputs.healthcheck, name).toBeUndefined();
        continue;
      }
      expect(inputs.wait, name).toBe(true);
      expect(inputs.healthcheck?.tests?.length, name).toBeGreaterThan(1);
    }
    dependsOn("archon-rest", "archon-postgres");
    dependsOn("archon-meta", "archon-postgres");
    dependsOn("archon-kong", "archon-postgres", "archon-rest");
    dependsOn("archon-studio", "archon-kong", "archon-meta");
    dependsOn("archon-server", "archon-postgres", "archon-kong");
    dependsOn("archon-agents", "archon-postgres", "archon-kong");
    dependsOn("archon-mcp", "archon-server", "archon-agents");
    dependsOn("archon-ui", "archon-server");
    expect(container(stack, "archon-postgres").dependencies).not.toContain(urnOf("archon-kong"));
  });
});

describe("archon-prod secrets", () => {
  it("marks every credential output secret", () => {
    for (const key of [
      "anonKey",
      "serviceRoleKey",
      "postgresPassword",
      "studioPassword",
      "archonEdgePassword",
    ]) {
      expect(isSecretValue(stack.outputs[key]), key).toBe(true);
    }
    expect(isSecretValue(stack.outputs.studioUrl)).toBe(false);
  });

  it("sends every container input that carries a credential to the engine as a secret", () => {
    const credentials = ["anonKey", "serviceRoleKey", "postgresPassword"].map(
      (key) => outputs(stack)[key] as string,
    );
    credentials.push(
      env(stack, "archon-rest").PGRST_JWT_SECRET,
      env(stack, "archon-meta").CRYPTO_KEY,
    );
    let checked = 0;
    for (const [name, resource] of containersByName(stack)) {
      const raw = resource.inputs as { envs?: unknown[]; uploads?: { content: unknown }[] };
      const plain = plainInputs(resource) as { envs?: string[]; uploads?: { content: string }[] };
      (plain.envs ?? []).forEach((pair, i) => {
        if (credentials.some((c) => pair.includes(c))) {
          checked++;
          expect(isSecretValue(raw.envs![i]), `${name} ${pair.split("=")[0]}`).toBe(true);
        }
      });
      (plain.uploads ?? []).forEach((upload, i) => {
        if (credentials.some((c) => upload.content.includes(c))) {
          checked++;
          expect(isSecretValue(raw.uploads![i].content), `${name} upload`).toBe(true);
        }
      });
    }
    expect(checked).toBeGreaterThanOrEqual(14);
  });

  it("gives identical inputs and outputs on a second run", async () => {
    const again = await synthProjectStackAgain("archon-prod", ["archon:agentsEnabled=true"]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(stack));
  });
});

describe("archon-prod schema, source and stored keys", () => {
  it("applies Archon's schema from the checkout before archon-server starts", () => {
    const schema = resourceNamed(stack, "archon-schema-apply", "command:local:Command");
    const inputs = plainInputs(schema);
    expect(inputs.environment.ARCHON_MIGRATION_DIR).toBe("/opt/archon/migration");
    expect(inputs.environment.ARCHON_PSQL).toBe(
      "docker exec -i -e PGPASSWORD archon-postgres psql -h localhost -U postgres -d postgres",
    );
    expect(inputs.environment.PGPASSWORD).toBe(outputs(stack).postgresPassword);
    const environment = schema.inputs.environment as Record<string, unknown>;
    expect(isSecretValue(environment) || isSecretValue(environment.PGPASSWORD)).toBe(true);
    expect(schema.dependencies).toContain(container(stack, "archon-postgres").urn);
    expect(container(stack, "archon-server").dependencies).toContain(schema.urn);
  });

  it("verifies the checkout is at archon:sourceRef before building or migrating", () => {
    const verify = resourceNamed(stack, "archon-source-verify", "command:local:Command");
    expect(plainInputs(verify).environment).toEqual({
      ARCHON_SOURCE: "/opt/archon",
      ARCHON_SOURCE_REF: "c8c9e49ba85b4d84c19c03a327f844da7eb4670f",
    });
    expect(resourceNamed(stack, "archon-schema-apply").dependencies).toContain(verify.urn);
    for (const image of stack.resources.filter((r) => r.type === "docker:index/image:Image")) {
      expect(image.dependencies, image.name).toContain(verify.urn);
    }
  });

  it("stops a service-key change (and the loss of stored API keys) unless acknowledged", async () => {
    const guard = resourceNamed(
      stack,
      "archon-stored-keys-service-key",
      "random:index/randomId:RandomId",
    );
    expect(guard.options.protect).toBe(true);
    const keepers = guard.inputs.keepers as Record<string, unknown>;
    expect(isSecretValue(keepers) || isSecretValue(keepers.serviceKeyFingerprint)).toBe(true);
    // New iat, new service key: the guard's keepers change, so Pulumi would replace it.
    const rotated = await synthProjectStack("archon-prod", [
      "archon:agentsEnabled=true",
      "supabase:jwtIssuedAt=1767225601",
    ]);
    const rotatedGuard = resourceNamed(rotated, "archon-stored-keys-service-key");
    expect(plainInputs(rotatedGuard).keepers).not.toEqual(plainInputs(guard).keepers);
    const acknowledged = await synthProjectStack("archon-prod", [
      "archon:acknowledgeStoredKeyLoss=true",
    ]);
    expect(resourceNamed(acknowledged, "archon-stored-keys-service-key").options.protect).toBe(
      false,
    );
  });
});
