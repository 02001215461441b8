/** One backend of an upstream; weight 0 takes it out of rotation (`down`) for a rollback. */
export interface WeightedBackend {
  /** `host:port`. */
  readonly address: string;
  readonly weight: number;
}

export interface EdgeSitesConfig {
  /** Archon's public host (UI, API, Socket.IO). */
  readonly archonHost: string;
  /** Studio's public host, behind basic auth. */
  readonly supabaseHost: string;
  readonly certificatePath: string;
  readonly certificateKeyPath: string;
  readonly htpasswdPath: string;
  /**
   * The login in front of Archon (see {@link archonLoginDirectives}); undefined serves Archon
   * without one, for an Archon that authenticates each request itself.
   */
  readonly archonLogin?: ArchonEdgeLogin;
  /** Directory served at /.well-known/acme-challenge/ over HTTP (certbot's webroot); none: not served. */
  readonly acmeWebroot?: string;
  readonly upstreams: {
    readonly ui: readonly WeightedBackend[];
    readonly server: readonly WeightedBackend[];
    readonly studio: readonly WeightedBackend[];
  };
  /** Default 80. */
  readonly httpPort?: number;
  /** Default 443. */
  readonly httpsPort?: number;
}

/** Basic auth at the edge for an Archon that authenticates nobody (upstream v1). */
export interface ArchonEdgeLogin {
  /** The htpasswd file with Archon's users, apart from Studio's. */
  readonly htpasswdPath: string;
}

/**
 * Server-level directives of Archon's site: basic auth on every path (UI, `/api/`,
 * `/socket.io/`) when a login is configured, none otherwise.
 */
export function archonLoginDirectives(login: ArchonEdgeLogin | undefined): string[] {
  return login
    ? ['    auth_basic "Archon";', `    auth_basic_user_file ${login.htpasswdPath};`]
    : [];
}

/**
 * Proxy directives each of Archon's locations adds: behind the edge login the credentials stop
 * at nginx (upstream Archon reads no Authorization header); without it the client's header
 * (a fork's `Bearer` key) passes through untouched.
 */
export function archonLoginProxyLines(login: ArchonEdgeLogin | undefined): string[] {
  return login ? ['proxy_set_header Authorization "";'] : [];
}

const PROXY_HEADERS = [
  "proxy_http_version 1.1;",
  "proxy_set_header Host $host;",
  "proxy_set_header X-Real-IP $remote_addr;",
  "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
  "proxy_set_header X-Forwarded-Proto $scheme;",
];

const WEBSOCKET_HEADERS = [
  "proxy_set_header Upgrade $http_upgrade;",
  "proxy_set_header Connection $connection_upgrade;",
  "proxy_read_timeout 3600s;",
];

function indent(lines: readonly string[], depth: number): string {
  return lines.map((line) => `${"    ".repeat(depth)}${line}`).join("\n");
}

/** Why a backend list cannot serve, or undefined. */
export function upstreamProblem(backends: readonly WeightedBackend[]): string | undefined {
  if (backends.length === 0) {
    return "no backends";
  }
  if (!backends.some((b) => b.weight > 0)) {
    return "every backend has weight 0, so nothing would serve";
  }
  const bad = backends.find(
    (b) => !/^[\w.-]+:\d{1,5}$/.test(b.address) || b.weight < 0 || !Number.isInteger(b.weight),
  );
  return bad
    ? `backend ${JSON.stringify(bad)} needs address host:port and a whole weight >= 0`
    : undefined;
}

/**
 * An upstream with weighted round robin; `sticky` pins each client address to one backend
 * (consistent hashing, still by weight), which Socket.IO needs: its polling requests must reach
 * the server that holds the session.
 */
function upstream(name: string, backends: readonly WeightedBackend[], sticky = false): string {
  const problem = upstreamProblem(backends);
  if (problem) {
    throw new Error(`upstream ${name}: ${problem}`);
  }
  const servers = backends.map((b) =>
    b.weight === 0 ? `server ${b.address} down;` : `server ${b.address} weight=${b.weight};`,
  );
  const lines = sticky ? ["hash $remote_addr consistent;", ...servers] : servers;
  return `upstream ${name} {\n${indent(lines, 1)}\n}`;
}

function location(
  path: string,
  upstreamName: string,
  websocket: boolean,
  extra: readonly string[] = [],
): string {
  const lines = [
    `proxy_pass http://${upstreamName};`,
    ...PROXY_HEADERS,
    ...extra,
    ...(websocket ? WEBSOCKET_HEADERS : []),
  ];
  return `    location ${path} {\n${indent(lines, 2)}\n    }`;
}

function tlsServer(host: string, config: EdgeSitesConfig, body: string[]): string {
  return [
    "server {",
    `    listen ${config.httpsPort ?? 443} ssl http2;`,
    `    server_name ${host};`,
    `    ssl_certificate ${config.certificatePath};`,
    `    ssl_certificate_key ${config.certificateKeyPath};`,
    "    ssl_protocols TLSv1.2 TLSv1.3;",
    "    client_max_body_size 50m;",
    ...body,
    "}",
  ].join("\n");
}

/**
 * The edge of seed 003: HTTP redirects to HTTPS; archon.<domain> serves the UI at / (with
 * WebSocket upgrade) and the server at /api/ and /socket.io/ (paths kept: the server's routes
 * start with /api); supabase.<domain> serves Studio behind basic auth. Every upstream may
 * list several weighted backends, so a gradual cutover is a weight change; /socket.io/ keeps
 * each client on one server backend during it.
 */
export function renderNginxSites(config: EdgeSitesConfig): string {
  const hosts = `${config.archonHost} ${config.supabaseHost}`;
  return (
    [
      "# Rendered by Pulumi (EdgeProxy). Changes here are overwritten on the next `pulumi up`.",
      "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n}",
      upstream("archon_ui", config.upstreams.ui),
      upstream("archon_server", config.upstreams.server),
      upstream("archon_socketio", config.upstreams.server, true),
      upstream("supabase_studio", config.upstreams.studio),
      [
        "server {",
        `    listen ${config.httpPort ?? 80};`,
        `    server_name ${hosts};`,
        ...(config.acmeWebroot
          ? [
              `    location /.well-known/acme-challenge/ {\n        root ${config.acmeWebroot};\n    }`,
            ]
          : []),
        "    location / {\n        return 301 https://$host$request_uri;\n    }",
        "}",
      ].join("\n"),
      tlsServer(config.archonHost, config, [
        ...archonLoginDirectives(config.archonLogin),
        location("/", "archon_ui", true, archonLoginProxyLines(config.archonLogin)),
        location("/api/", "archon_server", false, archonLoginProxyLines(config.archonLogin)),
        location("/socket.io/", "archon_socketio", true, archonLoginProxyLines(config.archonLogin)),
      ]),
      tlsServer(config.supabaseHost, config, [
        '    auth_basic "Supabase Studio";',
        `    auth_basic_user_file ${config.htpasswdPath};`,
        location("/", "supabase_studio", true),
      ]),
    ].join("\n\n") + "\n"
  );
}
