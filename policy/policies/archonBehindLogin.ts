import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { DOCKER_CONTAINER } from "../lib/dockerContainer";
import { readKnown } from "../lib/known";
import { nginxServers, requiresLogin } from "../lib/nginxServers";
import { stringListSchema } from "../lib/stringList";

/** The label ArchonApp puts on archon-server: which kind of Archon runs. */
const KIND_LABEL = "platform.archon.kind";
const SELF_AUTHENTICATING = "self-authenticating";
const COMMAND_TYPES = ["command:local:Command", "command:remote:Command"];

const configSchema: PolicyConfigSchema = {
  properties: {
    archonUpstreams: stringListSchema(
      "nginx upstream names that lead to Archon (UI, API, Socket.IO)",
      ["archon_ui", "archon_server", "archon_socketio"],
    ),
  },
};

interface Props {
  labels?: { label?: string; value?: string }[];
  uploads?: { file?: string; content?: string }[];
  triggers?: unknown[];
}

/** nginx configurations the stack delivers: container uploads, and host-mode command triggers. */
function siteConfigs(type: string, props: Props): string[] {
  if (type === DOCKER_CONTAINER) {
    return (props.uploads ?? [])
      .filter((u) => u.file?.startsWith("/etc/nginx/") && typeof u.content === "string")
      .map((u) => u.content as string);
  }
  if (COMMAND_TYPES.includes(type)) {
    return (props.triggers ?? []).filter(
      (t): t is string => typeof t === "string" && /(^|\s)server\s*\{/.test(t),
    );
  }
  return [];
}

export const archonBehindLogin: StackValidationPolicy = {
  name: "archon-behind-login",
  description:
    "Archon is never published by the edge without authentication: every nginx server that proxies to Archon requires a login, unless the Archon deployed authenticates every request itself (archon-server labelled platform.archon.kind=self-authenticating).",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Keep archon:kind at upstream (the edge then puts basic auth in front of Archon), or " +
    "deploy an Archon that authenticates every request itself and set archon:kind " +
    "self-authenticating. Upstream Archon v1 has no authentication: its " +
    "/api/credentials/status-check returns the stored API keys decrypted.",
  configSchema,
  validateStack: (args, reportViolation) => {
    const { archonUpstreams } = configWithDefaults<{ archonUpstreams: string[] }>(
      configSchema,
      args.getConfig(),
    );
    const selfAuthenticating = args.resources.some(
      (r) =>
        r.type === DOCKER_CONTAINER &&
        (readKnown<Props>(r.props).value.labels ?? []).some(
          (l) => l.label === KIND_LABEL && l.value === SELF_AUTHENTICATING,
        ),
    );
    if (selfAuthenticating) {
      return;
    }
    const proxiesToArchon = new RegExp(
      `proxy_pass\\s+https?://(${archonUpstreams.map((u) => u.replace(/[^\w-]/g, "\\$&")).join("|")})[;/\\s]`,
    );
    for (const resource of args.resources) {
      for (const config of siteConfigs(resource.type, readKnown<Props>(resource.props).value)) {
        for (const server of nginxServers(config)) {
          if (proxiesToArchon.test(server.text) && !requiresLogin(server)) {
            reportViolation(
              `${resource.name} publishes Archon (${server.serverNames.join(" ") || "no server_name"}) without a login`,
              resource.urn,
            );
          }
        }
      }
    }
  },
};
