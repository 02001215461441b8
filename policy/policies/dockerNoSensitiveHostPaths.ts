import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import {
  containerName,
  DOCKER_CONTAINER,
  DockerContainerProps,
  hostBinds,
  isDockerSocket,
  isUnder,
  normalisePath,
} from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

interface Config {
  sensitivePaths: string[];
  readOnlyAllowedPaths: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    sensitivePaths: stringListSchema(
      'Host directories no container may bind, nor anything below them ("/" matches only itself)',
      [
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
        "/run",
        "/var/run",
        "/var/lib/docker",
      ],
    ),
    readOnlyAllowedPaths: stringListSchema(
      "Paths below a sensitive directory that may be bound read-only (and everything below them)",
      ["/etc/letsencrypt", "/etc/ssl/certs", "/etc/localtime", "/etc/timezone"],
    ),
  },
};

/**
 * Binds of sensitive host directories. The Docker socket is left to docker-socket-read-only;
 * everything else under /run and /var/run (other daemons' sockets, credentials) is refused here.
 */
export const dockerNoSensitiveHostPaths: ResourceValidationPolicy = {
  name: "docker-no-sensitive-host-paths",
  description:
    "Containers bind no sensitive host directory (/, /etc, /proc, /sys, /boot, /dev, /usr, /lib, /bin, /sbin, /root, /run, /var/run, /var/lib/docker) or anything below it.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use a named volume or a directory of the application's own (under /opt, /srv or /var/lib/<app>). " +
    "A path below a sensitive directory may be allowed read-only through readOnlyAllowedPaths, " +
    "as TLS certificates under /etc/letsencrypt are by default.",
  configSchema,
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const inputs = readKnown<DockerContainerProps>(args.props);
    const name = containerName(inputs.value, args.name);
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    for (const bind of hostBinds(inputs.value)) {
      const path = normalisePath(bind.hostPath);
      if (isDockerSocket(path)) {
        continue;
      }
      const hit = config.sensitivePaths.find((root) =>
        normalisePath(root) === "/" ? path === "/" : isUnder(path, root),
      );
      if (!hit) {
        continue;
      }
      const allowedPath = config.readOnlyAllowedPaths.some((p) => isUnder(path, p));
      if (allowedPath && (bind.readOnly || !inputs.isKnown(`${bind.path}.readOnly`))) {
        continue;
      }
      const why = allowedPath ? "writable; it may only be bound read-only" : `under ${hit}`;
      reportViolation(`container ${name} binds host path ${bind.hostPath} (${why})`);
    }
  },
};
