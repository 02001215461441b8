import { ResourceValidationPolicy } from "@pulumi/policy";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";
import { stringListSchema } from "../lib/stringList";

interface Config {
  edgeContainers: string[];
  edgePorts: number[];
}

const LOOPBACK = ["127.0.0.1", "::1"];

export const dockerLoopbackPorts: ResourceValidationPolicy = {
  name: "docker-loopback-ports",
  description:
    "Containers publish ports on 127.0.0.1 (or ::1) only and never publish all ports (CIS Docker 5.14).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Set ip: "127.0.0.1" on every entry of the container\'s ports and put nginx in front of it; ' +
    "remove publishAllPorts. Only the edge container named in this policy's edgeContainers config " +
    "may publish edgePorts (80, 443) on all interfaces.",
  configSchema: {
    properties: {
      edgeContainers: stringListSchema(
        "Containers allowed to publish edgePorts on all interfaces",
        ["archon-nginx"],
      ),
      edgePorts: {
        type: "array",
        items: { type: "integer", minimum: 1, maximum: 65535 },
        default: [80, 443],
        description: "Host ports the edge containers may publish on all interfaces",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const props = args.props as DockerContainerProps;
    const config = args.getConfig<Config>();
    const name = containerName(props, args.name);
    if (props.publishAllPorts) {
      reportViolation(
        `container ${name} sets publishAllPorts, which binds every exposed port on all interfaces`,
      );
    }
    const isEdge = config.edgeContainers.includes(name);
    for (const port of props.ports ?? []) {
      if (LOOPBACK.includes(port.ip ?? "")) {
        continue;
      }
      const external = port.external ?? port.internal;
      if (isEdge && external !== undefined && config.edgePorts.includes(external)) {
        continue;
      }
      reportViolation(
        `container ${name} publishes port ${external ?? "?"} on ${port.ip || "all interfaces (0.0.0.0)"}; bind it to 127.0.0.1`,
      );
    }
  },
};
