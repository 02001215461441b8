import { ResourceValidationPolicy } from "@pulumi/policy";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";

export const dockerNoHostPrivileges: ResourceValidationPolicy = {
  name: "docker-no-host-privileges",
  description: "Containers are not privileged and share no host network, PID or IPC namespace.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Remove privileged: true and networkMode/pidMode/ipcMode "host"; join the bridge network ' +
    "and publish the ports the service needs on 127.0.0.1.",
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const props = args.props as DockerContainerProps;
    const name = containerName(props, args.name);
    if (props.privileged) {
      reportViolation(`container ${name} runs privileged`);
    }
    const modes = {
      networkMode: props.networkMode,
      pidMode: props.pidMode,
      ipcMode: props.ipcMode,
    };
    for (const [mode, value] of Object.entries(modes)) {
      if (value === "host") {
        reportViolation(`container ${name} sets ${mode} "host"`);
      }
    }
  },
};
