import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

interface Config {
  edgeContainers: string[];
  edgePorts: number[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    edgeContainers: stringListSchema(
      "Containers (Docker name, or the Pulumi name when none is set) allowed to publish edgePorts on all interfaces",
      ["archon-nginx"],
    ),
    edgePorts: {
      type: "array",
      items: { type: "integer", minimum: 1, maximum: 65535 },
      default: [80, 443],
      description: "Host ports the edge containers may publish on all interfaces",
    },
  },
};

/** 127.0.0.0/8 and ::1: reachable from the host itself only. */
function isLoopback(ip: string | undefined): boolean {
  return ip === "::1" || /^127(\.\d{1,3}){3}$/.test(ip ?? "");
}

export const dockerLoopbackPorts: ResourceValidationPolicy = {
  name: "docker-loopback-ports",
  description:
    "Containers publish ports on loopback only (ip 127.0.0.1 or ::1) and never publish all ports (CIS Docker 5.14).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Set ip: "127.0.0.1" on every entry of the container\'s ports and put the edge proxy in front ' +
    "of it; remove publishAllPorts. Only a container named in this policy's edgeContainers config " +
    "may publish the host ports in edgePorts (80, 443) on all interfaces.",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const inputs = readKnown<DockerContainerProps>(args.props);
    const props = inputs.value;
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    const name = containerName(props, args.name);
    if (props.publishAllPorts === true) {
      reportViolation(
        `container ${name} sets publishAllPorts, which binds every exposed port on all interfaces`,
      );
    }
    // With its name unknown the container may be the edge: give it the benefit of the doubt.
    const mayBeEdge = !inputs.isKnown("name") || config.edgeContainers.includes(name);
    (props.ports ?? []).forEach((port, i) => {
      if (!inputs.isKnown(`ports[${i}].ip`) || isLoopback(port.ip)) {
        return;
      }
      if (mayBeEdge) {
        if (!inputs.isKnown(`ports[${i}].external`)) {
          return;
        }
        if (port.external !== undefined && config.edgePorts.includes(port.external)) {
          return;
        }
      }
      const external = port.external ?? "(a random port)";
      reportViolation(
        `container ${name} publishes host port ${external} (container port ${port.internal ?? "?"}) ` +
          `on ${port.ip || "all interfaces (0.0.0.0)"}; bind it to 127.0.0.1`,
      );
    });
  },
};
