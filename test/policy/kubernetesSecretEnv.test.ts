import { describe, expect, it } from "vitest";
import { kubernetesSecretEnv as policy } from "../../policy/policies/kubernetesSecretEnv";
import { violations } from "./policyArgs";

const configMap = (
  data: unknown,
  type = "kubernetes:core/v1:ConfigMap",
  metadata: unknown = { name: "app-env" },
) => ({
  type,
  name: "cm",
  props: { metadata, data },
});
const deployment = (env: unknown) => ({
  type: "kubernetes:apps/v1:Deployment",
  name: "web",
  props: { spec: { template: { spec: { containers: [{ name: "app", image: "x:1", env }] } } } },
});

describe("kubernetes-secret-env: ConfigMaps", () => {
  it("names the ConfigMap and the key holding a credential or a URL password", async () => {
    expect(
      await violations(
        policy,
        configMap({
          DB_PASSWORD: "hunter2",
          DATABASE_URL: "postgres://app:hunter2@db/app",
          LOG_LEVEL: "info",
          EMPTY_TOKEN: "",
          COUNT: 3,
        }),
      ),
    ).toEqual([
      "ConfigMap app-env holds DB_PASSWORD, a credential: put it in a Secret",
      "ConfigMap app-env key DATABASE_URL holds a password inside a URL",
    ]);
  });

  it("takes allowed names from config, still checks their URLs, and reads patches", async () => {
    const data = { PUBLIC_KEY: "ssh-ed25519 AAAA", SIGNING_KEY: "https://u:p4ss@keys/x" };
    expect(
      await violations(policy, configMap(data), { allowedNames: ["PUBLIC_KEY", "SIGNING_KEY"] }),
    ).toEqual(["ConfigMap app-env key SIGNING_KEY holds a password inside a URL"]);
    expect(
      await violations(policy, configMap({ API_TOKEN: "t" }, "kubernetes:core/v1:ConfigMapPatch")),
    ).toHaveLength(1);
  });

  it("names a ConfigMap by its Pulumi name without metadata, and skips data that is not a map", async () => {
    expect(
      await violations(policy, { ...configMap({}), props: { data: { API_TOKEN: "t" } } }),
    ).toEqual(["ConfigMap cm holds API_TOKEN, a credential: put it in a Secret"]);
    expect(await violations(policy, configMap(null))).toEqual([]);
    expect(await violations(policy, configMap("API_TOKEN=t"))).toEqual([]);
    const secret = configMap({ API_TOKEN: "t" }, "kubernetes:core/v1:Secret");
    expect(await violations(policy, secret)).toEqual([]);
  });
});

describe("kubernetes-secret-env: workloads", () => {
  it("reports entries without a name and URL passwords in any variable", async () => {
    expect(
      await violations(
        policy,
        deployment([
          null,
          { value: "x" },
          { name: "MIRROR", value: "https://u:s3cret@mirror/x" },
          { name: "DB_URL_PASSWORD", value: "postgres://app:hunter2@db/app" },
          { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "s", key: "p" } } },
        ]),
      ),
    ).toEqual([
      "container app has an env entry null without a name",
      'container app has an env entry {"value":"x"} without a name',
      "container app sets MIRROR to a URL with a literal password",
      "container app sets DB_URL_PASSWORD to a URL with a literal password",
    ]);
  });

  it("passes a credential from a field or resource reference, and other resource types", async () => {
    const env = [
      { name: "POD_TOKEN", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } },
      { name: "SECRET_COUNT", value: 3 },
    ];
    expect(await violations(policy, deployment(env))).toEqual([]);
    expect(await violations(policy, deployment("DB_PASSWORD=x"))).toEqual([]);
    const service = {
      type: "kubernetes:core/v1:Service",
      name: "s",
      props: { data: { API_TOKEN: "t" } },
    };
    expect(await violations(policy, service)).toEqual([]);
  });
});
