import { ResourceValidationPolicy } from "@pulumi/policy";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";

const HOST_MODES = ["networkMode", "pidMode", "ipcMode", "usernsMode"] as const;

export const dockerNoHostPrivileges: ResourceValidationPolicy = {
  name: "docker-no-host-privileges",
  description:
    "Containers are not privileged and share no host namespace: network, PID, IPC or user namespace mode host.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Remove privileged: true and networkMode/pidMode/ipcMode/usernsMode "host"; join the bridge ' +
    "network and publish the ports the service needs on 127.0.0.1.",
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const props = readKnown<DockerContainerProps>(args.props).value;
    const name = containerName(props, args.name);
    if (props.privileged === true) {
      reportViolation(`container ${name} runs privileged`);
    }
    for (const mode of HOST_MODES) {
      if (props[mode] === "host") {
        reportViolation(`container ${name} sets ${mode} "host"`);
      }
    }
  },
};
