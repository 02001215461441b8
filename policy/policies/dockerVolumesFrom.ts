import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DOCKER_CONTAINER, DockerContainerProps, hostBinds } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { listOf } from "../lib/podSpecs";

/**
 * `volumes: [{ fromContainer }]` (docker run --volumes-from) gives a container every mount of
 * another, host binds and the Docker socket included, without naming a single host path: the
 * path policies never see it on the taker. Each source must be a container of this program
 * that binds no host path, so what is inherited is only named volumes.
 */
export const dockerVolumesFrom: StackValidationPolicy = {
  name: "docker-volumes-from",
  description:
    "A container that takes another's volumes (fromContainer) takes them only from a container of this program that binds no host path (nor the Docker socket) and takes none itself.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Mount the named volumes the container needs directly instead of fromContainer; never " +
    "inherit from a container that binds host paths or one the program does not declare.",
  validateStack: (args, reportViolation) => {
    const containers = args.resources.filter((r) => r.type === DOCKER_CONTAINER);
    const propsOf = (r: PolicyResource) => readKnown<DockerContainerProps>(r.props).value;
    for (const taker of containers) {
      const props = propsOf(taker);
      const who = `container ${String(props.name ?? taker.name)}`;
      const deps = taker.propertyDependencies?.volumes ?? [];
      for (const volume of listOf<{ fromContainer?: unknown }>(props.volumes)) {
        const from = volume?.fromContainer;
        if (from === undefined) {
          continue;
        }
        // By the Docker name or id given, or through the output it was computed from.
        const source =
          containers.find((c) => {
            const p = propsOf(c);
            return (
              typeof from === "string" &&
              (p.name === from || c.name === from || `${c.name}-id` === from)
            );
          }) ?? deps.find((d) => d.type === DOCKER_CONTAINER);
        if (!source) {
          reportViolation(
            `${who} takes the volumes of ${JSON.stringify(from)}, which is not a container of this program: what it inherits cannot be checked`,
            taker.urn,
          );
          continue;
        }
        const sourceProps = propsOf(source);
        const binds = hostBinds(sourceProps);
        if (binds.length > 0) {
          reportViolation(
            `${who} takes the volumes of ${String(sourceProps.name ?? source.name)}, which binds host paths ${binds.map((b) => b.hostPath).join(", ")}`,
            taker.urn,
          );
        }
        if (
          listOf<{ fromContainer?: unknown }>(sourceProps.volumes).some(
            (v) => v?.fromContainer !== undefined,
          )
        ) {
          reportViolation(
            `${who} takes the volumes of ${String(sourceProps.name ?? source.name)}, which takes another container's volumes itself`,
            taker.urn,
          );
        }
      }
    }
  },
};
