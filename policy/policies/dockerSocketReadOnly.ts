import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import {
  containerName,
  DOCKER_CONTAINER,
  DockerContainerProps,
  hostBinds,
  isDockerSocket,
} from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

const configSchema: PolicyConfigSchema = {
  properties: {
    dockerSocketContainers: stringListSchema(
      "Containers (Docker name, or the Pulumi name when none is set) allowed to mount the Docker socket read-only",
      ["archon-server"],
    ),
  },
};

export const dockerSocketReadOnly: ResourceValidationPolicy = {
  name: "docker-socket-read-only",
  description:
    "The Docker socket (/var/run/docker.sock, /run/docker.sock) is mounted only into allowlisted containers, and only read-only: it is root on the host.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Remove the docker.sock mount (Archon monitors MCP over HTTP without it), or mount it with " +
    "readOnly: true into a container named in this policy's dockerSocketContainers config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const inputs = readKnown<DockerContainerProps>(args.props);
    const props = inputs.value;
    const name = containerName(props, args.name);
    const { dockerSocketContainers } = configWithDefaults<{ dockerSocketContainers: string[] }>(
      configSchema,
      args.getConfig(),
    );
    for (const bind of hostBinds(props)) {
      if (!isDockerSocket(bind.hostPath)) {
        continue;
      }
      if (inputs.isKnown("name") && !dockerSocketContainers.includes(name)) {
        reportViolation(
          `container ${name} mounts ${bind.hostPath} but is not allowlisted for the Docker socket`,
        );
      } else if (!bind.readOnly && inputs.isKnown(`${bind.path}.readOnly`)) {
        reportViolation(`container ${name} mounts ${bind.hostPath} writable; mount it read-only`);
      }
    }
  },
};
