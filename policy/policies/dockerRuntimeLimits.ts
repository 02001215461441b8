import { ResourceValidationPolicy } from "@pulumi/policy";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";

const RESTARTING = ["always", "unless-stopped", "on-failure"];

export const dockerRuntimeLimits: ResourceValidationPolicy = {
  name: "docker-runtime-limits",
  description: "Containers have a healthcheck, a memory limit and a restart policy.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Add a healthcheck (so dependents can wait for it), memory (MiB) so one container cannot " +
    'starve the host, and restart: "unless-stopped".',
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const props = args.props as DockerContainerProps;
    const name = containerName(props, args.name);
    if (!props.healthcheck?.tests?.length) {
      reportViolation(`container ${name} has no healthcheck`);
    }
    if (!props.memory || props.memory <= 0) {
      reportViolation(`container ${name} has no memory limit`);
    }
    if (!RESTARTING.includes(props.restart ?? "no")) {
      reportViolation(`container ${name} has restart policy ${props.restart ?? "no"}`);
    }
  },
};
