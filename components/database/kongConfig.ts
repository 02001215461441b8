import { stringify } from "yaml";

export interface KongConfigData {
  /** PostgREST's base URL inside the network, e.g. `http://rest:3000`. */
  readonly restUrl: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
}

interface KongPlugin {
  name: string;
  config?: Record<string, unknown>;
}

function keyAuthenticatedService(
  name: string,
  url: string,
  path: string,
  extraPlugins: KongPlugin[] = [],
) {
  return {
    name,
    url,
    routes: [{ name: `${name}-all`, strip_path: true, paths: [path] }],
    plugins: [
      { name: "cors" },
      { name: "key-auth", config: { hide_credentials: true } },
      ...extraPlugins,
      { name: "acl", config: { hide_groups_header: true, allow: ["admin", "anon"] } },
    ],
  };
}

/**
 * Renders Kong's declarative config (format 1.1, as Kong 2.8 reads it). Callers present the anon
 * or service_role key as `apikey`; Kong checks it against the two consumers and passes the
 * caller's own JWT on to PostgREST, so a request without a key never reaches the database.
 */
export function renderKongConfig(data: KongConfigData): string {
  const rest = data.restUrl.replace(/\/+$/, "");
  const document = {
    _format_version: "1.1",
    consumers: [
      { username: "anon", keyauth_credentials: [{ key: data.anonKey }] },
      { username: "service_role", keyauth_credentials: [{ key: data.serviceRoleKey }] },
    ],
    acls: [
      { consumer: "anon", group: "anon" },
      { consumer: "service_role", group: "admin" },
    ],
    services: [
      keyAuthenticatedService("rest-v1", `${rest}/`, "/rest/v1/"),
      keyAuthenticatedService("graphql-v1", `${rest}/rpc/graphql`, "/graphql/v1", [
        {
          name: "request-transformer",
          config: { add: { headers: ["Content-Profile:graphql_public"] } },
        },
      ]),
    ],
  };
  return stringify(document, { lineWidth: 0 });
}
