import { ResourceValidationPolicy } from "@pulumi/policy";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";

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
    const inputs = readKnown<DockerContainerProps>(args.props);
    const props = inputs.value;
    const name = containerName(props, args.name);
    const tests = props.healthcheck?.tests ?? [];
    if (inputs.isKnown("healthcheck.tests") && (tests.length === 0 || tests[0] === "NONE")) {
      reportViolation(`container ${name} has no healthcheck`);
    }
    if (inputs.isKnown("memory") && !(typeof props.memory === "number" && props.memory > 0)) {
      reportViolation(`container ${name} has no memory limit`);
    }
    if (inputs.isKnown("restart") && !RESTARTING.includes(props.restart ?? "no")) {
      reportViolation(`container ${name} has restart policy ${props.restart ?? "no"}`);
    }
  },
};
