import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  containerName,
  DOCKER_CONTAINER,
  DockerContainerProps,
  hostBinds,
  normalisePath,
} from "../lib/dockerContainer";
import { stringListSchema } from "../lib/stringList";

const SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

export const dockerSocketReadOnly: ResourceValidationPolicy = {
  name: "docker-socket-read-only",
  description:
    "The Docker socket is mounted only into allowlisted containers, and then read-only: it is root on the host.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Remove the docker.sock mount (Archon monitors MCP over HTTP without it), or mount it with " +
    "readOnly: true into a container named in this policy's dockerSocketContainers config.",
  configSchema: {
    properties: {
      dockerSocketContainers: stringListSchema(
        "Containers allowed to mount the Docker socket read-only",
        ["archon-server"],
      ),
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const props = args.props as DockerContainerProps;
    const name = containerName(props, args.name);
    const allowed = args.getConfig<{ dockerSocketContainers: string[] }>().dockerSocketContainers;
    for (const bind of hostBinds(props)) {
      if (!SOCKETS.includes(normalisePath(bind.hostPath))) {
        continue;
      }
      if (!allowed.includes(name)) {
        reportViolation(
          `container ${name} mounts ${bind.hostPath} but is not allowlisted for the Docker socket`,
        );
      } else if (!bind.readOnly) {
        reportViolation(`container ${name} mounts ${bind.hostPath} writable; mount it read-only`);
      }
    }
  },
};
