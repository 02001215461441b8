import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import {
  bindProblems,
  containerName,
  DOCKER_CONTAINER,
  DOCKER_VOLUME,
  dockerContainerOf,
  hostBinds,
  isDockerSocket,
  isUnder,
  localDriverBind,
  mountsPath,
} from "../lib/dockerContainer";
import { DEFAULT_SENSITIVE_HOST_PATHS, hostPathProblem, sensitiveHit } from "../lib/hostPaths";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

interface Config {
  sensitivePaths: string[];
  readOnlyAllowedPaths: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    sensitivePaths: stringListSchema(
      'Host directories no container may bind, nor anything below them, nor a directory holding them ("/" matches only itself)',
      [...DEFAULT_SENSITIVE_HOST_PATHS],
    ),
    readOnlyAllowedPaths: stringListSchema(
      "Paths below a sensitive directory that may be bound read-only (and everything below them)",
      ["/etc/letsencrypt", "/etc/ssl/certs", "/etc/localtime", "/etc/timezone"],
    ),
  },
};

interface VolumeProps {
  name?: string;
  driver?: string;
  driverOpts?: Record<string, string>;
}

/**
 * Binds of sensitive host directories, however the path is spelled (`..`, `/./`, `//` are
 * resolved as Docker resolves them) and however it arrives: `volumes`, bind `mounts`, volume
 * mounts and `docker.Volume`s whose local-driver options bind a host directory, and swarm
 * services' mounts. A container's Docker socket is left to docker-socket-read-only.
 */
export const dockerNoSensitiveHostPaths: ResourceValidationPolicy = {
  name: "docker-no-sensitive-host-paths",
  description:
    "Containers, swarm services and local-driver bind volumes bind no sensitive host directory (/, /etc, /proc, /sys, /boot, /dev, /usr, /lib, /bin, /sbin, /root, /home, /run, /var/run, /var/lib/docker, containerd, kubelet, rancher, /var/spool/cron, /var/log), nothing below one and no directory holding one.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use a named volume or a directory of the application's own (under /opt, /srv or /var/lib/<app>). " +
    "A path below a sensitive directory may be allowed read-only through readOnlyAllowedPaths, " +
    "as TLS certificates under /etc/letsencrypt are by default.",
  configSchema,
  validateResource: (args, reportViolation) => {
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    const check = (
      who: string,
      hostPath: string,
      readOnly: boolean,
      readOnlyKnown: boolean,
    ): void => {
      const hit = sensitiveHit(hostPath, config.sensitivePaths);
      if (!hit) {
        return;
      }
      const allowedPath =
        hit.how === "below" && config.readOnlyAllowedPaths.some((p) => isUnder(hostPath, p));
      if (allowedPath && (readOnly || !readOnlyKnown)) {
        return;
      }
      const why = allowedPath
        ? "writable; it may only be bound read-only"
        : hit.how === "parent"
          ? `it holds ${hit.root}`
          : `under ${hit.root}`;
      reportViolation(`${who} binds host path ${hostPath} (${why})`);
    };

    if (args.type === DOCKER_VOLUME) {
      const props = readKnown<VolumeProps>(args.props).value;
      const bind = localDriverBind(props.driver, props.driverOpts);
      if (!bind) {
        return;
      }
      const who = `volume ${typeof props.name === "string" ? props.name : args.name}`;
      const problem = hostPathProblem(bind.device);
      if (problem) {
        reportViolation(`${who} binds a host directory, but its device ${problem}`);
        return;
      }
      check(who, bind.device as string, bind.readOnly, true);
      return;
    }

    const inputs = readKnown<unknown>(args.props);
    const container = dockerContainerOf(args.type, inputs.value);
    if (!container) {
      return;
    }
    const kind = args.type === DOCKER_CONTAINER ? "container" : "service";
    const who = `${kind} ${containerName(container, args.name)}`;
    const mounts = mountsPath(args.type);
    for (const problem of bindProblems(container, mounts)) {
      reportViolation(`${who}: ${problem}`);
    }
    for (const bind of hostBinds(container, mounts)) {
      // The socket of a container is docker-socket-read-only's; a service's is refused here.
      if (kind === "container" && isDockerSocket(bind.hostPath)) {
        continue;
      }
      check(who, bind.hostPath, bind.readOnly, inputs.isKnown(`${bind.path}.readOnly`));
    }
  },
};
