import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { containerName, DOCKER_CONTAINER, dockerContainerOf } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

const HOST_MODES = ["networkMode", "pidMode", "ipcMode", "usernsMode", "cgroupnsMode"] as const;
const PLUGIN = "docker:index/plugin:Plugin";

/** Security options that switch a confinement off (docker run --security-opt). */
const UNCONFINED = /^(apparmor|seccomp|systempaths)[=:]unconfined$|^label[=:]disable$/i;

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedCapabilities: stringListSchema(
      "Capabilities a container or service may add (names without CAP_, upper case)",
      ["NET_BIND_SERVICE"],
    ),
  },
};

/** `CAP_SYS_ADMIN`, `sys_admin` and `SYS_ADMIN` are one capability to Docker. */
function capabilityName(value: string): string {
  return value.toUpperCase().replace(/^CAP_/, "");
}

export const dockerNoHostPrivileges: ResourceValidationPolicy = {
  name: "docker-no-host-privileges",
  description:
    "Containers and swarm services are not privileged, add no capability beyond the allowlist, keep AppArmor, seccomp and SELinux confinement, get no host device, share no host namespace (network, PID, IPC, user, cgroup); plugins are not granted permissions.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Remove privileged, capabilities.adds (or list a needed one in allowedCapabilities), security options that say "unconfined" or "label=disable", devices, and the host network/PID/IPC/user/cgroup namespace modes; join the bridge network and publish the ports the service needs on 127.0.0.1. Install Docker plugins by hand after review, not from the program.',
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type === PLUGIN) {
      const plugin = readKnown<{
        name?: string;
        grantAllPermissions?: unknown;
        grantPermissions?: unknown;
      }>(args.props).value;
      const name = typeof plugin.name === "string" ? plugin.name : args.name;
      if (plugin.grantAllPermissions !== undefined && plugin.grantAllPermissions !== false) {
        reportViolation(`plugin ${name} is granted all the permissions it asks for`);
      }
      if (Array.isArray(plugin.grantPermissions) && plugin.grantPermissions.length > 0) {
        reportViolation(`plugin ${name} is granted host permissions (grantPermissions)`);
      }
      return;
    }
    const props = dockerContainerOf(args.type, readKnown(args.props).value);
    if (!props) {
      return;
    }
    const { allowedCapabilities } = configWithDefaults<{ allowedCapabilities: string[] }>(
      configSchema,
      args.getConfig(),
    );
    const who = `${args.type === DOCKER_CONTAINER ? "container" : "service"} ${containerName(props, args.name)}`;
    // Only a real false is "not privileged": "true", 1 or a null is malformed, and reported.
    if (props.privileged === true) {
      reportViolation(`${who} runs privileged`);
    } else if (props.privileged !== undefined && props.privileged !== false) {
      reportViolation(
        `${who} sets privileged to ${JSON.stringify(props.privileged)}, not a boolean: treated as privileged`,
      );
    }
    for (const mode of HOST_MODES) {
      const value = props[mode];
      if (typeof value === "string" && value.trim().toLowerCase() === "host") {
        reportViolation(`${who} sets ${mode} "host"`);
      } else if (value !== undefined && typeof value !== "string") {
        reportViolation(`${who} sets ${mode} to ${JSON.stringify(value)}, not a mode name`);
      }
    }
    const adds = props.capabilities?.adds;
    if (adds !== undefined && !Array.isArray(adds)) {
      reportViolation(`${who} capabilities.adds is ${JSON.stringify(adds)}, not a list`);
    }
    for (const cap of Array.isArray(adds) ? adds : []) {
      if (typeof cap !== "string") {
        reportViolation(`${who} adds capability ${JSON.stringify(cap)}, not a name`);
      } else if (!allowedCapabilities.map(capabilityName).includes(capabilityName(cap))) {
        reportViolation(`${who} adds capability ${cap}`);
      }
    }
    for (const option of Array.isArray(props.securityOpts) ? props.securityOpts : []) {
      if (typeof option !== "string" || UNCONFINED.test(option.replace(/\s+/g, ""))) {
        reportViolation(`${who} sets security option ${JSON.stringify(option)}`);
      }
    }
    const devices = props.devices;
    if (Array.isArray(devices) && devices.length > 0) {
      const paths = devices.map((d) => (d && typeof d === "object" ? d.hostPath : d));
      reportViolation(`${who} gets host devices ${paths.map((p) => String(p)).join(", ")}`);
    }
  },
};
