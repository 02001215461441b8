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
    socketProxyContainers: stringListSchema(
      "Docker socket proxies (Docker name, or the Pulumi name when none is set): the only containers that may mount the raw socket",
      ["archon-docker-proxy"],
    ),
  },
};

/** The switch of tecnativa/docker-socket-proxy that allows anything but GET and HEAD. */
const WRITE_SWITCH = /^POST=(1|true|yes|on)$/i;

/**
 * A read-only mount does not make the Docker API read-only: anyone who can write to the socket
 * can start a privileged container. So the raw socket goes only into a socket proxy, which
 * itself must not pass writes on or publish a port.
 */
export const dockerSocketReadOnly: ResourceValidationPolicy = {
  name: "docker-socket-read-only",
  description:
    "Only allowlisted socket proxies mount the Docker socket (/var/run/docker.sock, /run/docker.sock), read-only, with writes (POST) off and no published port; every other container reaches the Docker API, if at all, through such a proxy: the raw socket is root on the host, read-only mount or not.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Remove the docker.sock mount and point the container's DOCKER_HOST at a socket proxy " +
    "(e.g. tecnativa/docker-socket-proxy with only the sections it needs, POST=0) on an internal " +
    "network; name the proxy in this policy's socketProxyContainers config.",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const inputs = readKnown<DockerContainerProps & { envs?: string[] }>(args.props);
    const props = inputs.value;
    const name = containerName(props, args.name);
    const { socketProxyContainers } = configWithDefaults<{ socketProxyContainers: string[] }>(
      configSchema,
      args.getConfig(),
    );
    const sockets = hostBinds(props).filter((bind) => isDockerSocket(bind.hostPath));
    if (sockets.length === 0) {
      return;
    }
    if (inputs.isKnown("name") && !socketProxyContainers.includes(name)) {
      reportViolation(
        `container ${name} mounts the raw Docker socket (${sockets[0].hostPath}), which is root on the host even read-only; give it the API through a socket proxy`,
      );
      return;
    }
    for (const bind of sockets) {
      if (!bind.readOnly && inputs.isKnown(`${bind.path}.readOnly`)) {
        reportViolation(
          `socket proxy ${name} mounts ${bind.hostPath} writable; mount it read-only`,
        );
      }
    }
    const writes = (props.envs ?? []).find(
      (pair) => typeof pair === "string" && WRITE_SWITCH.test(pair),
    );
    if (writes) {
      reportViolation(`socket proxy ${name} passes writes to the Docker API (${writes})`);
    }
    if ((props.ports ?? []).length > 0 || props.publishAllPorts) {
      reportViolation(
        `socket proxy ${name} publishes a port; only containers on its internal network may reach it`,
      );
    }
  },
};
