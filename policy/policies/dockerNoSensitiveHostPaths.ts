import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  containerName,
  DOCKER_CONTAINER,
  DockerContainerProps,
  hostBinds,
  isUnder,
  normalisePath,
} from "../lib/dockerContainer";
import { stringListSchema } from "../lib/stringList";

const SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

export const dockerNoSensitiveHostPaths: ResourceValidationPolicy = {
  name: "docker-no-sensitive-host-paths",
  description:
    "Containers bind no sensitive host directory (/, /etc, /proc, /sys, /boot, /dev, /usr, /lib, /root) or anything below it.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use a named volume or a directory of the application's own (under /opt or /srv). A path " +
    "below a sensitive directory may be allowed read-only through readOnlyAllowedPaths, for " +
    "example TLS certificates under /etc/letsencrypt.",
  configSchema: {
    properties: {
      sensitivePaths: stringListSchema("Host directories no container may bind", [
        "/",
        "/etc",
        "/proc",
        "/sys",
        "/boot",
        "/dev",
        "/usr",
        "/lib",
        "/lib64",
        "/bin",
        "/sbin",
        "/root",
      ]),
      readOnlyAllowedPaths: stringListSchema(
        "Paths below a sensitive directory that may be bound read-only",
        ["/etc/letsencrypt", "/etc/ssl/certs"],
      ),
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const props = args.props as DockerContainerProps;
    const name = containerName(props, args.name);
    const config = args.getConfig<{ sensitivePaths: string[]; readOnlyAllowedPaths: string[] }>();
    for (const bind of hostBinds(props)) {
      const path = normalisePath(bind.hostPath);
      if (SOCKETS.includes(path)) {
        continue;
      }
      // "/" itself is sensitive only as a whole; every other path is checked against the rest.
      const hit = config.sensitivePaths.find((root) =>
        normalisePath(root) === "/" ? path === "/" : isUnder(path, root),
      );
      if (!hit) {
        continue;
      }
      const allowed = bind.readOnly && config.readOnlyAllowedPaths.some((p) => isUnder(path, p));
      if (!allowed) {
        reportViolation(`container ${name} binds host path ${bind.hostPath} (under ${hit})`);
      }
    }
  },
};
