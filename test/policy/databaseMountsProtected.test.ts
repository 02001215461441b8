import { describe, expect, it } from "vitest";
import { databaseMountsProtected as policy } from "../../policy/policies/databaseMountsProtected";
import { UNKNOWN_VALUE } from "../../scripts/lib/propertyValues";
import { CONTAINER, ResourceSpec, runStackPolicy, urnOf } from "./policyArgs";

const VOLUME = "docker:index/volume:Volume";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const DATA = "/var/lib/postgresql/data";

const volume = (name: string, protect: boolean, dockerName: string | null = name) => ({
  type: VOLUME,
  name,
  props: dockerName === null ? {} : { name: dockerName },
  protect,
});
const pg = (props: Record<string, unknown>, image: unknown = "postgres:17.6-alpine") => ({
  type: CONTAINER,
  name: "db",
  props: { name: "archon-postgres", image, ...props },
});
const messages = async (specs: ResourceSpec[], config = {}) =>
  (await runStackPolicy(policy, specs, config)).map((v) => `${v.urn}: ${v.message}`);
const DB = urnOf(CONTAINER, "db");

describe("database-mounts-protected on Docker", () => {
  it("names the container, the volume and what is wrong with it", async () => {
    const at = (volumeName: string) => pg({ volumes: [{ volumeName, containerPath: DATA }] });
    expect(await messages([volume("store", false), at("store")])).toEqual([
      `${DB}: container archon-postgres keeps database data in volume store, which is not protected`,
    ]);
    expect(await messages([at("undeclared")])).toEqual([
      `${DB}: container archon-postgres keeps database data in volume undeclared, which the program does not declare: created on the fly, nothing protects it`,
    ]);
    // Found by its Docker name, else its Pulumi name.
    expect(await messages([volume("v", true, "store"), at("store")])).toEqual([]);
    expect(await messages([volume("store", true, null), at("store")])).toEqual([]);
    expect(await messages([volume("store", true, "other"), at("store")])).toHaveLength(1);
    // A container that is a volume's namesake is not the volume.
    const namesake = { type: CONTAINER, name: "store", props: { name: "store" }, protect: true };
    expect(await messages([namesake, at("store")])).toHaveLength(1);
  });

  it("reads mounts: a named volume, a tmpfs, and a bind the host keeps", async () => {
    const mounted = (mount: Record<string, unknown>) => pg({ mounts: [mount] });
    expect(await messages([mounted({ type: "volume", source: "store", target: DATA })])).toEqual([
      `${DB}: container archon-postgres keeps database data in volume store, which the program does not declare: created on the fly, nothing protects it`,
    ]);
    expect(
      await messages([
        volume("store", true),
        mounted({ type: "volume", source: "store", target: DATA }),
      ]),
    ).toEqual([]);
    expect(await messages([mounted({ type: "tmpfs", target: "/var/lib/postgresql" })])).toEqual([
      `${DB}: container archon-postgres keeps database data in a tmpfs, lost on restart`,
    ]);
    // A bind or an anonymous volume mount covers the data directory: no implicit volume.
    expect(await messages([mounted({ type: "bind", source: "/srv/pg", target: DATA })])).toEqual(
      [],
    );
    expect(await messages([mounted({ type: "volume", target: DATA })])).toEqual([]);
    expect(await messages([mounted({ type: "tmpfs", target: "/tmp" })])).toHaveLength(1);
  });

  it("recognises data directories of other databases, PGDATA and mounts above them", async () => {
    const at = (containerPath: unknown, extra: Record<string, unknown> = {}) =>
      pg({ volumes: [{ volumeName: "s", containerPath }], ...extra }, "mariadb:11.4");
    expect(await messages([at("/var/lib/mysql")])).toHaveLength(1);
    expect(await messages([at("/var/lib")])).toHaveLength(1);
    expect(await messages([at("/")])).toHaveLength(1);
    expect(await messages([at("/bitnami/postgresql/data")])).toHaveLength(1);
    for (const elsewhere of ["/var/lib/mysql-files", "/srv", "var/lib/mysql", 5]) {
      expect(await messages([at(elsewhere)]), String(elsewhere)).toEqual([]);
    }
    expect(await messages([at("/pgdata", { envs: ["X=1", 7, "PGDATA=/pgdata/db"] })])).toHaveLength(
      1,
    );
    expect(await messages([at("/pgdata", { envs: ["MY_PGDATA=/pgdata"] })])).toEqual([]);
    expect(
      await messages([at("/var/lib/mysql")], { dataPaths: ["/data"] }),
      "dataPaths from config",
    ).toEqual([]);
  });

  it("flags a PostgreSQL server with nothing at its data directory", async () => {
    const implicit = (image: unknown, props: Record<string, unknown> = {}) =>
      messages([pg(props, image)]);
    expect(await implicit("postgres:17.6-alpine")).toEqual([
      `${DB}: container archon-postgres runs postgres:17.6-alpine with no volume at its data directory: Docker gives it an anonymous volume that nothing protects`,
    ]);
    for (const image of [
      "docker.io/library/postgres:17.6",
      "pgvector/pgvector:0.8.0-pg17",
      "ghcr.io/x/postgis:17-3.5",
      "bitnami/postgresql:17.6.0",
    ]) {
      expect(await implicit(image), image).toHaveLength(1);
    }
    expect(await implicit("postgres:17.6", { command: ["postgres", "-c", "x=1"] })).toHaveLength(1);
    expect(
      await implicit("postgres:17.6", { command: ["-c", "max_connections=200"] }),
    ).toHaveLength(1);
    expect(await implicit("postgres:17.6", { command: ["pg_dump", "-h", "db"] })).toEqual([]);
    expect(await implicit("postgres:17.6", { command: [5] })).toEqual([]);
    expect(await implicit("nginx:1.27.3")).toEqual([]);
    expect(await implicit(null)).toEqual([]);
    expect(await implicit("nginx:1.27.3", {}), "postgresImages from config").toEqual([]);
    expect(
      await messages([pg({}, "example/db:1")], { postgresImages: ["db"] }),
      "postgresImages from config",
    ).toHaveLength(1);
    // Nothing is said while the volumes or mounts are unknown.
    expect(await implicit("postgres:17.6", { volumes: UNKNOWN_VALUE })).toEqual([]);
    expect(await implicit("postgres:17.6", { mounts: UNKNOWN_VALUE })).toEqual([]);
    // Malformed entries are skipped, not counted as coverage.
    expect(await implicit("postgres:17.6", { volumes: [null], mounts: [null] })).toHaveLength(1);
  });

  it("names the container by its Pulumi name when Docker's is not set", async () => {
    const unnamed = { type: CONTAINER, name: "db", props: { image: "postgres:17.6" } };
    expect((await messages([unnamed]))[0]).toContain(": container db runs postgres:17.6 ");
  });
});

describe("database-mounts-protected on Kubernetes", () => {
  const workload = (
    volumes: unknown[],
    mountPath: unknown = DATA,
    extra: Record<string, unknown> = {},
    type = "kubernetes:apps/v1:Deployment",
    namespace: unknown = "apps",
  ) => ({
    type,
    name: "db",
    props: {
      metadata: { name: "db", namespace },
      spec: {
        ...extra,
        template: {
          spec: {
            containers: [{ name: "pg", volumeMounts: [null, { name: "store", mountPath }] }],
            volumes,
          },
        },
      },
    },
  });
  const claim = (name: string, protect: boolean, namespace?: string, type = PVC) => ({
    type,
    name: `claim-${name}-${namespace}`,
    props: { metadata: namespace === undefined ? { name } : { name, namespace } },
    protect,
  });
  const onClaim = (claimName: unknown) => [{ name: "store", persistentVolumeClaim: { claimName } }];
  const DEPLOYMENT = urnOf("kubernetes:apps/v1:Deployment", "db");

  it("requires the claim at a data directory to be declared and protected", async () => {
    expect(await messages([claim("data", true, "apps"), workload(onClaim("data"))])).toEqual([]);
    expect(await messages([claim("data", false, "apps"), workload(onClaim("data"))])).toEqual([
      `${DEPLOYMENT}: db (pg) keeps database data in claim apps/data, which is not protected`,
    ]);
    expect(await messages([workload(onClaim("data"))])).toEqual([
      `${DEPLOYMENT}: db (pg) keeps database data in claim apps/data, which the program does not declare: created on the fly, nothing protects it`,
    ]);
  });

  it("matches the claim by name and namespace, default when unset", async () => {
    expect(await messages([claim("data", true, "other"), workload(onClaim("data"))])).toHaveLength(
      1,
    );
    expect(await messages([claim("other", true, "apps"), workload(onClaim("data"))])).toHaveLength(
      1,
    );
    const inDefault = workload(onClaim("data"));
    delete (inDefault.props.metadata as { namespace?: unknown }).namespace;
    expect(await messages([claim("data", true), inDefault])).toEqual([]);
    expect(await messages([claim("data", true, "apps"), inDefault])).toEqual([
      `${DEPLOYMENT}: db (pg) keeps database data in claim default/data, which the program does not declare: created on the fly, nothing protects it`,
    ]);
    // A claim patch is the claim it changes.
    const patched = claim("data", true, "apps", `${PVC}Patch`);
    expect(await messages([patched, workload(onClaim("data"))])).toEqual([]);
  });

  it("counts only a PersistentVolumeClaim as the declared claim, and skips holes in the volumes", async () => {
    // A protected Secret of the claim's name and namespace is not the claim.
    const secret = { ...claim("data", true, "apps"), type: "kubernetes:core/v1:Secret" };
    expect(await messages([secret, workload([null, ...onClaim("data")])])).toEqual([
      `${DEPLOYMENT}: db (pg) keeps database data in claim apps/data, which the program does not declare: created on the fly, nothing protects it`,
    ]);
  });

  it("says nothing while the namespace or the claim name is unknown or not a name", async () => {
    const unknownNamespace = workload(
      onClaim("data"),
      DATA,
      {},
      "kubernetes:apps/v1:Deployment",
      UNKNOWN_VALUE,
    );
    expect(await messages([unknownNamespace])).toEqual([]);
    expect(await messages([workload(onClaim(5))])).toEqual([]);
    expect(await messages([workload([{ name: "store", hostPath: { path: "/srv" } }])])).toEqual([]);
    expect(await messages([workload(onClaim("data"), "/srv/data")])).toEqual([]);
    expect(await messages([workload(onClaim("data"), 7)])).toEqual([]);
  });

  it("fails an emptyDir at the data directory", async () => {
    expect(await messages([workload([{ name: "store", emptyDir: {} }])])).toEqual([
      `${DEPLOYMENT}: db (pg) keeps database data in an emptyDir, lost with the pod`,
    ]);
  });

  it("names a container without a name by where it sits", async () => {
    const found = await messages([
      {
        type: "kubernetes:core/v1:Pod",
        name: "db",
        props: {
          metadata: { namespace: "apps" },
          spec: {
            containers: [{ volumeMounts: [{ name: "store", mountPath: DATA }] }],
            volumes: [{ name: "store", emptyDir: {} }],
          },
        },
      },
    ]);
    expect(found).toEqual([
      `${urnOf("kubernetes:core/v1:Pod", "db")}: db (spec.containers[0]) keeps database data in an emptyDir, lost with the pod`,
    ]);
  });

  it("checks a StatefulSet's claim template by its retention policy", async () => {
    const STS = "kubernetes:apps/v1:StatefulSet";
    const sts = (retention?: Record<string, string>, templateName = "store") =>
      workload(
        [],
        DATA,
        {
          volumeClaimTemplates: [null, { metadata: { name: templateName } }],
          ...(retention ? { persistentVolumeClaimRetentionPolicy: retention } : {}),
        },
        STS,
      );
    expect(await messages([sts()])).toEqual([]);
    expect(await messages([sts({ whenDeleted: "Retain", whenScaled: "Retain" })])).toEqual([]);
    expect(await messages([sts({ whenDeleted: "Delete", whenScaled: "Delete" })])).toEqual([
      `${urnOf(STS, "db")}: db (pg) keeps database data in claim template store, deleted with the StatefulSet`,
      `${urnOf(STS, "db")}: db (pg) keeps database data in claim template store, deleted on scale-down`,
    ]);
    // A template of another name does not cover the mount (no volume: nothing to say either).
    expect(await messages([sts({ whenDeleted: "Delete" }, "other")])).toEqual([]);
    // Only a StatefulSet has claim templates.
    const deployment = workload([{ name: "store", emptyDir: {} }], DATA, {
      volumeClaimTemplates: [{ metadata: { name: "store" } }],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" },
    });
    expect(await messages([deployment])).toEqual([
      `${DEPLOYMENT}: db (pg) keeps database data in an emptyDir, lost with the pod`,
    ]);
  });

  it("leaves other resources alone", async () => {
    const config = { type: "kubernetes:core/v1:ConfigMap", name: "db", props: { data: { DATA } } };
    expect(await messages([config])).toEqual([]);
  });
});
