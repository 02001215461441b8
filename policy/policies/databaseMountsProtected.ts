import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { DOCKER_CONTAINER, DOCKER_VOLUME, DockerContainerProps } from "../lib/dockerContainer";
import { isUnder } from "../lib/hostPaths";
import { imageRepository } from "../lib/imageName";
import { readKnown } from "../lib/known";
import { baseType, listOf, workloadOf } from "../lib/podSpecs";
import { stringListSchema } from "../lib/stringList";

const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

interface Config {
  dataPaths: string[];
  postgresImages: string[];
}

const configSchema = {
  properties: {
    dataPaths: stringListSchema(
      "Container paths where databases keep their data (a volume mounted there, or above, is database storage)",
      ["/var/lib/postgresql", "/var/lib/mysql", "/bitnami/postgresql"],
    ),
    postgresImages: stringListSchema(
      "Image repositories (last path segment) that run a PostgreSQL server by default",
      ["postgres", "postgresql", "pgvector", "postgis"],
    ),
  },
};

/** True when a mount at `mountPath` holds a database's data (at a data path, or above it). */
function holdsData(mountPath: unknown, dataPaths: readonly string[]): boolean {
  return (
    typeof mountPath === "string" &&
    mountPath.startsWith("/") &&
    dataPaths.some((data) => isUnder(mountPath, data) || isUnder(data, mountPath))
  );
}

/** The PGDATA a container sets, if any (the image's default lives under /var/lib/postgresql). */
function pgdata(envs: unknown): string | undefined {
  for (const entry of listOf<unknown>(envs)) {
    if (typeof entry === "string" && entry.startsWith("PGDATA=")) {
      return entry.slice("PGDATA=".length);
    }
  }
  return undefined;
}

/** The image runs its server: no command, or one that starts postgres (or only passes flags). */
function runsServer(command: unknown): boolean {
  const first = listOf<unknown>(command)[0];
  return (
    first === undefined ||
    first === "postgres" ||
    (typeof first === "string" && first.startsWith("-"))
  );
}

function protectedOrMissing(
  found: PolicyResource | undefined,
  what: string,
  user: string,
): string | undefined {
  if (!found) {
    return `${user} keeps database data in ${what}, which the program does not declare: created on the fly, nothing protects it`;
  }
  if (!found.opts.protect) {
    return `${user} keeps database data in ${what}, which is not protected`;
  }
  return undefined;
}

/**
 * Database storage recognised by what mounts it, not by its name: a Docker volume or a
 * PersistentVolumeClaim mounted at a database's data directory must be declared in the program
 * and protected, and a PostgreSQL container must not write its data to an implicit volume.
 */
export const databaseMountsProtected: StackValidationPolicy = {
  name: "database-mounts-protected",
  description:
    "A Docker volume or PersistentVolumeClaim mounted at a database data directory (/var/lib/postgresql, /var/lib/mysql, PGDATA) is declared in the program and protected; a PostgreSQL container always mounts one (no implicit anonymous volume).",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Declare the volume (docker.Volume) or claim in the program with the resource options " +
    "protect: true and retainOnDelete: true, and mount it at the data directory.",
  configSchema,
  validateStack: (args, reportViolation) => {
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    const volumes = args.resources.filter((r) => r.type === DOCKER_VOLUME);
    const claims = args.resources.filter((r) => baseType(r.type) === PVC);
    const volumeNamed = (name: string) =>
      volumes.find((v) => (readKnown<{ name?: unknown }>(v.props).value.name ?? v.name) === name);
    for (const resource of args.resources) {
      if (resource.type === DOCKER_CONTAINER) {
        const inputs = readKnown<DockerContainerProps>(resource.props);
        const props = inputs.value;
        const who = `container ${String(props.name ?? resource.name)}`;
        const extra = pgdata(props.envs);
        const dataPaths = extra ? [...config.dataPaths, extra] : config.dataPaths;
        let covered = false;
        listOf<NonNullable<DockerContainerProps["volumes"]>[number]>(props.volumes).forEach((v) => {
          if (!v || !holdsData(v.containerPath, dataPaths)) {
            return;
          }
          covered = true;
          if (typeof v.volumeName === "string") {
            const problem = protectedOrMissing(
              volumeNamed(v.volumeName),
              `volume ${v.volumeName}`,
              who,
            );
            if (problem) reportViolation(problem, resource.urn);
          }
        });
        listOf<{ type?: unknown; source?: unknown; target?: unknown }>(props.mounts).forEach(
          (m) => {
            if (!m || !holdsData(m.target, dataPaths)) {
              return;
            }
            covered = true;
            if (m.type === "volume" && typeof m.source === "string") {
              const problem = protectedOrMissing(volumeNamed(m.source), `volume ${m.source}`, who);
              if (problem) reportViolation(problem, resource.urn);
            } else if (m.type === "tmpfs") {
              reportViolation(
                `${who} keeps database data in a tmpfs, lost on restart`,
                resource.urn,
              );
            }
          },
        );
        const repository = imageRepository(props.image)?.split("/").pop() ?? "";
        const isPostgres = config.postgresImages.includes(repository);
        if (
          isPostgres &&
          !covered &&
          inputs.isKnown("volumes") &&
          inputs.isKnown("mounts") &&
          runsServer(props.command)
        ) {
          reportViolation(
            `${who} runs ${String(props.image)} with no volume at its data directory: Docker gives it an anonymous volume that nothing protects`,
            resource.urn,
          );
        }
        continue;
      }
      const inputs = readKnown(resource.props);
      const workload = workloadOf(resource.type, inputs);
      if (!workload) {
        continue;
      }
      const byName = new Map(
        listOf<{
          name?: unknown;
          persistentVolumeClaim?: { claimName?: unknown };
          emptyDir?: unknown;
        }>(workload.spec.volumes).map((v) => [v?.name, v]),
      );
      for (const container of workload.containers) {
        for (const mount of listOf<{ name?: unknown; mountPath?: unknown }>(
          container.spec.volumeMounts,
        )) {
          if (!mount || !holdsData(mount.mountPath, config.dataPaths)) {
            continue;
          }
          const volume = byName.get(mount.name);
          const who = `${resource.name} (${String(container.spec.name ?? container.path)})`;
          // A StatefulSet's claim template: the controller creates the claim, kept unless the
          // retention policy says Delete.
          const spec = (inputs.value as { spec?: Record<string, unknown> }).spec ?? {};
          const template = listOf<{ metadata?: { name?: unknown } }>(
            spec.volumeClaimTemplates,
          ).find((t) => t?.metadata?.name === mount.name);
          if (template && baseType(resource.type) === "kubernetes:apps/v1:StatefulSet") {
            const retention = (spec.persistentVolumeClaimRetentionPolicy ?? {}) as Record<
              string,
              unknown
            >;
            for (const when of ["whenDeleted", "whenScaled"]) {
              if (retention[when] === "Delete") {
                reportViolation(
                  `${who} keeps database data in claim template ${String(mount.name)}, deleted ${when === "whenDeleted" ? "with the StatefulSet" : "on scale-down"}`,
                  resource.urn,
                );
              }
            }
            continue;
          }
          if (volume?.emptyDir !== undefined) {
            reportViolation(
              `${who} keeps database data in an emptyDir, lost with the pod`,
              resource.urn,
            );
          }
          const claimName = volume?.persistentVolumeClaim?.claimName;
          if (typeof claimName !== "string" || workload.namespace === undefined) {
            continue;
          }
          const claim = claims.find((c) => {
            const meta = readKnown<{ metadata?: { name?: unknown; namespace?: unknown } }>(c.props)
              .value.metadata;
            return (
              meta?.name === claimName && (meta?.namespace ?? "default") === workload.namespace
            );
          });
          const problem = protectedOrMissing(
            claim,
            `claim ${workload.namespace}/${claimName}`,
            who,
          );
          if (problem) reportViolation(problem, resource.urn);
        }
      }
    }
  },
};
