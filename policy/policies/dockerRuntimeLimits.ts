import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { imageRepository } from "../../components/toolbox/docker/imageReference";
import { configWithDefaults } from "../lib/config";
import { containerName, DOCKER_CONTAINER, DockerContainerProps } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { stringListSchema } from "../lib/stringList";

const RESTARTING = ["always", "unless-stopped", "on-failure"];

const configSchema: PolicyConfigSchema = {
  properties: {
    imagesWithoutHealthcheck: stringListSchema(
      "Image repositories (no tag) that cannot run a health check, e.g. a single static binary " +
        "with no shell or client: a container of one of them is not asked for a healthcheck",
      ["public.ecr.aws/supabase/postgrest", "postgrest/postgrest"],
    ),
  },
};

interface Config {
  imagesWithoutHealthcheck: string[];
}

export const dockerRuntimeLimits: ResourceValidationPolicy = {
  name: "docker-runtime-limits",
  description: "Containers have a healthcheck, a memory limit and a restart policy.",
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema,
  remediationSteps:
    "Add a healthcheck (so dependents can wait for it), memory (MiB) so one container cannot " +
    'starve the host, and restart: "unless-stopped".',
  validateResource: (args, reportViolation) => {
    if (args.type !== DOCKER_CONTAINER) {
      return;
    }
    const inputs = readKnown<DockerContainerProps>(args.props);
    const props = inputs.value;
    const config = configWithDefaults<Config>(configSchema, args.getConfig());
    const name = containerName(props, args.name);
    const tests = props.healthcheck?.tests ?? [];
    const cannotRunOne =
      typeof props.image === "string" &&
      config.imagesWithoutHealthcheck.includes(imageRepository(props.image) ?? "");
    if (
      inputs.isKnown("healthcheck.tests") &&
      !cannotRunOne &&
      (tests.length === 0 || tests[0] === "NONE")
    ) {
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
