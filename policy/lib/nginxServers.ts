/** One top-level `server { ... }` block of an nginx configuration, as text. */
export interface NginxServer {
  readonly text: string;
  readonly serverNames: string[];
}

/** Comments removed: what nginx parses, not what it ignores. */
function stripComments(config: string): string {
  return config
    .split("\n")
    .map((line) => line.replace(/#.*$/, ""))
    .join("\n");
}

/** The `server` blocks of a configuration (balanced braces; nested location blocks included). */
export function nginxServers(config: string): NginxServer[] {
  const text = stripComments(config);
  const servers: NginxServer[] = [];
  const start = /(^|[;{}\s])server\s*\{/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(text)) !== null) {
    const open = text.indexOf("{", match.index + match[1].length);
    let depth = 0;
    let end = open;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      if (text[end] === "}" && --depth === 0) break;
    }
    const body = text.slice(open + 1, end);
    const names = /(^|\s)server_name\s+([^;]+);/.exec(body)?.[2].trim().split(/\s+/) ?? [];
    servers.push({ text: body, serverNames: names });
    start.lastIndex = end;
  }
  return servers;
}

/** Directives at the server's own level (outside its location blocks). */
export function serverLevel(server: NginxServer): string {
  let depth = 0;
  let out = "";
  for (const ch of server.text) {
    if (ch === "{") depth++;
    if (depth === 0) out += ch;
    if (ch === "}") depth--;
  }
  return out;
}

/** True when the server asks for a login on every request (basic auth or auth_request). */
export function requiresLogin(server: NginxServer): boolean {
  const own = serverLevel(server);
  const basic =
    /(^|\s)auth_basic\s+(?!off\s*;)("[^"]*"|'[^']*'|\S+)\s*;/.test(own) &&
    /(^|\s)auth_basic_user_file\s+\S+\s*;/.test(own);
  const subrequest = /(^|\s)auth_request\s+(?!off\s*;)\S+\s*;/.test(own);
  // A location that switches the login off opens that path.
  const opened = /(^|\s)(auth_basic|auth_request)\s+off\s*;/.test(server.text);
  return (basic || subrequest) && !opened;
}
