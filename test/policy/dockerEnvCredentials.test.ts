import { describe, expect, it } from "vitest";
import { dockerEnvCredentials as policy } from "../../policy/policies/dockerEnvCredentials";
import { CONTAINER, violations } from "./policyArgs";

const GENERATED = "Zx8v0R2kq9Lm4Tb7Yw1Hc6Nf3Pd5Gs0J";
const container = (envs: unknown, name: string | null = "archon-server") => ({
  type: CONTAINER,
  name: "server",
  props: { image: "x:1", envs, ...(name === null ? {} : { name }) },
});

describe("docker-env-credentials", () => {
  it("names the container, the variable and why its value is a literal", async () => {
    expect(
      await violations(
        policy,
        container(["DB_PASSWORD=hunter2", "API_TOKEN=Admin", `SERVICE_KEY=${GENERATED}`, "MODE=x"]),
      ),
    ).toEqual([
      "container archon-server sets DB_PASSWORD to a literal of 7 characters (under 16)",
      "container archon-server sets API_TOKEN to a well-known default",
    ]);
  });

  it("takes 16 characters as long enough by default, and the minimum from config", async () => {
    expect(await violations(policy, container(["JWT_SECRET=" + "k".repeat(15)]))).toEqual([
      "container archon-server sets JWT_SECRET to a literal of 15 characters (under 16)",
    ]);
    expect(await violations(policy, container(["JWT_SECRET=" + "k".repeat(16)]))).toEqual([]);
    expect(
      await violations(policy, container(["JWT_SECRET=" + "k".repeat(16)]), { minimumLength: 17 }),
    ).toEqual(["container archon-server sets JWT_SECRET to a literal of 16 characters (under 17)"]);
    // A well-known default is refused whatever its length.
    expect(
      await violations(policy, container(["PASSWORD=12345678"]), { minimumLength: 4 }),
    ).toEqual(["container archon-server sets PASSWORD to a well-known default"]);
  });

  it("reads URL passwords in any variable, once per password", async () => {
    expect(
      await violations(
        policy,
        container([
          "DATABASE_URL=postgres://app:s3cr@db:5432/app",
          `MIRRORS=https://a:root@x/ https://b:${GENERATED}@y/`,
          "DB_PASSWORD_URL=postgres://app:${DB_PASSWORD}@db/app",
        ]),
      ),
    ).toEqual([
      "container archon-server sets DATABASE_URL to a URL whose password is a literal of 4 characters (under 16)",
      "container archon-server sets MIRRORS to a URL whose password is a well-known default",
    ]);
  });

  it("skips empty values, names without a value and allowed names", async () => {
    expect(
      await violations(policy, container(["DB_PASSWORD=", "DB_PASSWORD", "KEY_FILE=/x"])),
    ).toEqual([]);
    expect(
      await violations(policy, container(["PUBLIC_KEY=abc", "DB_PASSWORD=x"]), {
        allowedNames: ["PUBLIC_KEY"],
      }),
    ).toEqual(["container archon-server sets DB_PASSWORD to a literal of 1 characters (under 16)"]);
    // The value may hold "=": only the first one splits.
    expect(await violations(policy, container([`API_KEY=${GENERATED}==`]))).toEqual([]);
  });

  it("reports envs that are not a list, and entries that are not strings", async () => {
    expect(await violations(policy, container("DB_PASSWORD=x"))).toEqual([
      'container archon-server envs is "DB_PASSWORD=x", not a list',
    ]);
    expect(await violations(policy, container([7]))).toEqual([
      "container archon-server envs[0] is 7, not NAME=value",
    ]);
    expect(await violations(policy, container(undefined))).toEqual([]);
  });

  it("checks swarm services, names by the Pulumi name when Docker's is unset, and ignores other types", async () => {
    const service = {
      type: "docker:index/service:Service",
      name: "rest",
      props: { taskSpec: { containerSpec: { image: "x:1", env: { PGRST_DB_PASS: "postgres" } } } },
    };
    expect(await violations(policy, service)).toEqual([
      "service rest sets PGRST_DB_PASS to a well-known default",
    ]);
    expect(await violations(policy, container(["DB_PASS=x"], null))).toEqual([
      "container server sets DB_PASS to a literal of 1 characters (under 16)",
    ]);
    const other = { type: "docker:index/volume:Volume", name: "v", props: { envs: ["DB_PASS=x"] } };
    expect(await violations(policy, other)).toEqual([]);
  });
});
