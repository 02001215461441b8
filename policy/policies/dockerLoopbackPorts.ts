import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { DOCKER_CONTAINER, DOCKER_SERVICE, DockerContainerProps } from "../lib/dockerContainer";
import { imageRepository } from "../lib/imageName";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

interface Config {
  edgeContainers: string[];
  edgePorts: number[];
  edgeImages: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    edgeContainers: stringListSchema(
      "Containers (their Docker name, set explicitly) allowed to publish edgePorts on all interfaces",
      ["archon-nginx"],
    ),
    edgePorts: {
      type: "array",
      items: { type: "integer", minimum: 1, maximum: 65535 },
      default: [80, 443],
      description:
        "Host ports the edge containers may publish on all interfaces, each to the same container port",
    },
    edgeImages: stringListSchema(
      "Image repositories an edge container must run (docker.io/library/ and tags ignored)",
      ["nginx"],
    ),
  },
};

const NETWORK = "docker:index/network:Network";
/** Drivers that put containers straight on the host's LAN, past every published-port rule. */
const LAN_DRIVERS = ["macvlan", "ipvlan"];

/** 127.0.0.0/8 and ::1: reachable from the host itself only. */
function isLoopback(ip: unknown): boolean {
  return ip === "::1" || (typeof ip === "string" && /^127(\.\d{1,3}){3}$/.test(ip));
}

interface ServicePort {
  publishedPort?: unknown;
  targetPort?: unknown;
  publishMode?: unknown;
}

export const dockerLoopbackPorts: ResourceValidationPolicy = {
  name: "docker-loopback-ports",
  description:
    "Containers publish ports on loopback only (ip 127.0.0.1 or ::1) and never publish all ports (CIS Docker 5.14); swarm services publish no port (swarm cannot bind to loopback); no macvlan or ipvlan network puts containers on the LAN. Only the edge (its explicit name, an edge image, edgePorts to the same container port) publishes on all interfaces.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Set ip: "127.0.0.1" on every entry of the container\'s ports and put the edge proxy in front ' +
    "of it; remove publishAllPorts and swarm endpointSpec ports; use a bridge network. Only a " +
    "container named (name set) in edgeContainers, running an image in edgeImages, may publish " +
    "the host ports in edgePorts (80, 443) on all interfaces, each to the same container port.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    if (args.type === NETWORK) {
      const network = readKnown<{ name?: unknown; driver?: unknown }>(args.props).value;
      const driver = typeof network.driver === "string" ? network.driver.trim().toLowerCase() : "";
      if (LAN_DRIVERS.includes(driver)) {
        reportViolation(
          `network ${String(network.name ?? args.name)} uses the ${driver} driver, which puts its containers on the host's LAN`,
        );
      }
      return;
    }
    if (args.type === DOCKER_SERVICE) {
      const inputs = readKnown<{ name?: unknown; endpointSpec?: { ports?: unknown } }>(args.props);
      const ports = inputs.value.endpointSpec?.ports;
      const name = String(inputs.value.name ?? args.name);
      for (const port of Array.isArray(ports) ? (ports as ServicePort[]) : []) {
        if (port && port.publishedPort !== undefined && port.publishedPort !== 0) {
          const mode = port.publishMode === "host" ? "host mode" : "the routing mesh";
          reportViolation(
            `service ${name} publishes port ${String(port.publishedPort)} on every interface through ${mode}`,
          );
        } else if (port && port.publishMode === "host") {
          reportViolation(`service ${name} publishes a random host port in host mode`);
        }
      }
      return;
    }
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const inputs = readKnown<DockerContainerProps>(args.props);
    const props = inputs.value;
    // Without an explicit name Docker names the container itself: the Pulumi name is no proof.
    const name = typeof props.name === "string" ? props.name : undefined;
    const who = `container ${name ?? args.name}`;
    if (props.publishAllPorts !== undefined && props.publishAllPorts !== false) {
      reportViolation(
        `${who} sets publishAllPorts, which binds every exposed port on all interfaces`,
      );
    }
    if (props.ports !== undefined && !Array.isArray(props.ports)) {
      reportViolation(`${who} ports is ${JSON.stringify(props.ports)}, not a list`);
      return;
    }
    const repository = imageRepository(props.image);
    const isEdge =
      name !== undefined &&
      config.edgeContainers.includes(name) &&
      // An image unknown at preview (a digest built in the same update) earns no exemption.
      repository !== undefined &&
      config.edgeImages.map(imageRepository).includes(repository);
    (props.ports ?? []).forEach((port, i) => {
      if (port === null || typeof port !== "object") {
        reportViolation(`${who} ports[${i}] is ${JSON.stringify(port)}, not a port`);
        return;
      }
      if (!inputs.isKnown(`ports[${i}].ip`) || isLoopback(port.ip)) {
        return;
      }
      if (isEdge) {
        if (!inputs.isKnown(`ports[${i}].external`) || !inputs.isKnown(`ports[${i}].internal`)) {
          return;
        }
        if (
          typeof port.external === "number" &&
          config.edgePorts.includes(port.external) &&
          port.internal === port.external
        ) {
          return;
        }
      }
      const external = port.external ?? "(a random port)";
      reportViolation(
        `${who} publishes host port ${String(external)} (container port ${String(port.internal ?? "?")}) ` +
          `on ${typeof port.ip === "string" && port.ip ? port.ip : "all interfaces (0.0.0.0)"}; bind it to 127.0.0.1`,
      );
    });
  },
};
