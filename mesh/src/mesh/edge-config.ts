/**
 * The edge: Lynk's only public entry. One HTTPS/WSS listener terminates public TLS with the
 * local CA's certificate (init/local-ca.ts), routes by the path prefixes the policy gives the
 * edge, and calls each service's sidecar over mTLS with the edge's own SVID.
 *
 * Paths in this config are relative to the edge's working directory, the state folder, exactly
 * like every sidecar's (`run/spire/agent.sock`). The public certificate is reached there as
 * `certs/edge.crt` through the link `<state>/certs -> <repo>/certs` that the edge process makes
 * before it starts (mesh/src/stores/edge.ts). Validation from the repo root resolves the same
 * relative path to the real folder, so one generated file serves both.
 */
import { accessTokenAudience, accessTokenIssuer } from '../../../services/common/src/auth/token-claims.ts';
import type { Allowance, Policy, Workload } from '../policy/define-policy.ts';
import { http2ToSidecar, socketCarryingCircuitBreakers } from './connection-limits.ts';
import { spireAgentCluster, upstreamMtls } from './envoy-sds.ts';
import { envoyTracing } from './envoy-tracing.ts';
import { privateNetworkSockets } from './private-network.ts';
import { loopbackAddress, nativeAddressing, type MeshAddressing } from './mesh-addressing.ts';

const mib = 1024 * 1024;

/** The public certificate and key, relative to the edge's working directory. */
export const edgeCertificateFiles = { certificate: 'certs/edge.crt', privateKey: 'certs/edge.key' } as const;

/** Figures the edge enforces; tests size their requests from these. */
export const edgeLimits = {
  /** Largest request body on every route but media's; buffered, so chunked bodies are caught too. */
  maxRequestBytes: 10 * mib,
  /** Largest declared upload to /api/media: media's largest file type (1 GiB of video) plus its multipart framing; streamed, never buffered, so a length is required. */
  maxMediaUploadBytes: 1025 * mib,
  /** Per client IP: a burst of `burst` requests, refilled by `refillPerSecond` every second. */
  perClientIp: { burst: 200, refillPerSecond: 100 },
  /** Distinct client IPs tracked at once (LRU); an evicted IP starts again with a full bucket. */
  trackedClientIps: 10_000,
  /**
   * Open downstream connections across the whole edge: room for 10,000 chat sockets on one message
   * instance plus everyone else, and below the edge's file-descriptor limit (20,000 here; each
   * client needs one, the HTTP/2 hops to the sidecars only a few).
   */
  maxConnections: 15_000,
} as const;

/** Timeouts, all in seconds; 0 disables. */
export const edgeTimeouts = {
  /** Slowloris guard: the whole request head must arrive within this. */
  requestHeaders: 10,
  /** Whole request received, body included: bounds slow uploads (1 GiB needs ~4.8 Mbit/s). */
  request: 1800,
  /** Per stream without any bytes either way; a Socket.IO ping (25 s) keeps a socket well inside it. */
  streamIdle: 300,
  /** A keep-alive connection with no stream open is closed after this. */
  connectionIdle: 900,
  /** Upstream response after the request is complete, for API routes. */
  apiResponse: 60,
  /** Media responses have no total deadline (a 1 GiB download to a slow client takes long); this much silence ends one. */
  mediaResponse: 120,
} as const;

/**
 * JWT validation at the edge (defense in depth; every service validates again, including
 * revocation, which the edge cannot see). Required on every route that needs a signed-in user.
 * Off on '/api/auth' (sign-up, codes, refresh; auth checks its own protected routes),
 * '/.well-known/jwks.json' and '/socket.io' (the token travels in the Socket.IO handshake
 * payload, not a header; message checks it there).
 */
export const jwtRequiredPrefixes: readonly string[] = ['/api/rooms', '/api/messages', '/api/dms', '/api/notifications', '/api/media'];

function typed(type: string, config: object) {
  return { '@type': `type.googleapis.com/${type}`, ...config };
}

const filterNames = {
  rateLimit: 'envoy.filters.http.local_ratelimit',
  jwt: 'envoy.filters.http.jwt_authn',
  buffer: 'envoy.filters.http.buffer',
  router: 'envoy.filters.http.router',
} as const;

/** A problem+json (RFC 9457) body for every reply the edge makes itself, with a stable code. */
const problemCodes: Array<[status: number, code: string, title: string]> = [
  [400, 'EDGE_BAD_REQUEST', 'Bad Request'],
  [401, 'EDGE_UNAUTHENTICATED', 'Unauthorized'],
  [403, 'EDGE_FORBIDDEN', 'Forbidden'],
  [404, 'EDGE_ROUTE_NOT_FOUND', 'Not Found'],
  [408, 'EDGE_REQUEST_TIMEOUT', 'Request Timeout'],
  [411, 'EDGE_LENGTH_REQUIRED', 'Length Required'],
  [413, 'EDGE_BODY_TOO_LARGE', 'Content Too Large'],
  [429, 'EDGE_RATE_LIMITED', 'Too Many Requests'],
  [502, 'EDGE_BAD_GATEWAY', 'Bad Gateway'],
  [503, 'EDGE_SERVICE_UNAVAILABLE', 'Service Unavailable'],
  [504, 'EDGE_UPSTREAM_TIMEOUT', 'Gateway Timeout'],
];

function problemBody(code: string, title: string) {
  return {
    content_type: 'application/problem+json',
    json_format: { type: 'about:blank', title, status: '%RESPONSE_CODE%', code, detail: '%LOCAL_REPLY_BODY%', requestId: '%REQ(X-REQUEST-ID)%' },
  };
}

const localReplyConfig = {
  mappers: problemCodes.map(([status, code, title]) => ({
    filter: { status_code_filter: { comparison: { op: 'EQ', value: { default_value: status, runtime_key: `edge.local_reply.${status}` } } } },
    body_format_override: problemBody(code, title),
  })),
  body_format: problemBody('EDGE_ERROR', 'Error'),
};

function perClientIpRateLimit() {
  const { burst, refillPerSecond } = edgeLimits.perClientIp;
  const everyRequest = { default_value: { numerator: 100, denominator: 'HUNDRED' } };
  return {
    name: filterNames.rateLimit,
    typed_config: typed('envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit', {
      stat_prefix: 'edge_per_client_ip',
      // The descriptor is the client's own address: with use_remote_address and no trusted hops
      // it is the TCP peer, never a header the client could set.
      rate_limits: [{ actions: [{ remote_address: {} }] }],
      // An empty value is a wildcard: one token bucket per distinct address, kept in an LRU.
      descriptors: [{ entries: [{ key: 'remote_address', value: '' }], token_bucket: { max_tokens: burst, tokens_per_fill: refillPerSecond, fill_interval: '1s' } }],
      max_dynamic_descriptors: edgeLimits.trackedClientIps,
      // Requests matched per IP do not also drain the shared bucket below, which only backs unmatched ones.
      always_consume_default_token_bucket: false,
      token_bucket: { max_tokens: burst * 10, tokens_per_fill: refillPerSecond * 10, fill_interval: '1s' },
      filter_enabled: { runtime_key: 'edge.rate_limit.enabled', ...everyRequest },
      filter_enforced: { runtime_key: 'edge.rate_limit.enforced', ...everyRequest },
      enable_x_ratelimit_headers: 'DRAFT_VERSION_03',
      response_headers_to_add: [{ append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: 'retry-after', value: '1' } }],
    }),
  };
}

/** How long the edge keeps auth's JWKS; auth's key pre-publication must outlast it. */
export const edgeJwksCacheSeconds = 10;

/** Access tokens from auth, checked against its JWKS through the edge's mTLS cluster to auth. */
function jwtAuthentication(policy: Policy) {
  const auth = policy.workload('auth');
  return {
    name: filterNames.jwt,
    typed_config: typed('envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication', {
      providers: {
        lynk_auth: {
          issuer: accessTokenIssuer,
          audiences: [accessTokenAudience],
          remote_jwks: {
            http_uri: { uri: `http://${auth.name}.${policy.trustDomain}/.well-known/jwks.json`, cluster: clusterName(auth), timeout: '5s' },
            // Envoy does not refetch on an unknown kid: auth publishes a new key this long (plus margin)
            // before signing with it (services/auth/src/domain/signing-keys.ts, publishAheadSeconds).
            cache_duration: `${edgeJwksCacheSeconds}s`,
          },
          from_headers: [{ name: 'authorization', value_prefix: 'Bearer ' }],
          forward: true,
          clock_skew_seconds: 30,
        },
      },
      // Routes name this requirement in their per-route config (see jwtRequiredPrefixes).
      requirement_map: { access_token: { provider_name: 'lynk_auth' } },
    }),
  };
}

function requestBodyLimit() {
  return { name: filterNames.buffer, typed_config: typed('envoy.extensions.filters.http.buffer.v3.Buffer', { max_request_bytes: edgeLimits.maxRequestBytes }) };
}

const bufferOff = { [filterNames.buffer]: typed('envoy.extensions.filters.http.buffer.v3.BufferPerRoute', { disabled: true }) };

function jwtPerRoute(prefix: string) {
  const required = jwtRequiredPrefixes.includes(prefix);
  return { [filterNames.jwt]: typed('envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig', required ? { requirement_name: 'access_token' } : { disabled: true }) };
}

/** A reply the edge makes itself, at once: no token check, and no waiting for a body it will not read. */
function refusal(status: number, detail?: string) {
  return {
    direct_response: { status, ...(detail ? { body: { inline_string: detail } } : {}) },
    typed_per_filter_config: { [filterNames.jwt]: typed('envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig', { disabled: true }), ...bufferOff },
  };
}

const mediaPrefix = '/api/media';
/** Socket.IO's endpoint: the one place a WebSocket upgrade is allowed. */
const socketIoPrefix = '/socket.io';

function contentLengthAbove(bytes: number) {
  return { name: 'content-length', range_match: { start: bytes + 1, end: Number.MAX_SAFE_INTEGER } };
}

function clusterName(target: Workload): string {
  return `to_${target.name}`;
}

/** One entry of Envoy's route list; routes differ in shape (forward, refuse), so only the name is typed. */
type EnvoyRoute = { name: string } & Record<string, unknown>;

/** Routes of one prefix the policy gives the edge towards one service. */
function routesFor(allowance: Allowance, prefix: string): EnvoyRoute[] {
  const target = allowance.to;
  const cluster = clusterName(target);
  const name = `${target.name}${prefix.replaceAll(/[^a-z0-9]+/g, '_')}`;
  const perRoute = jwtPerRoute(prefix);
  const match = { path_separated_prefix: prefix };

  if (prefix === socketIoPrefix) {
    return [
      {
        // Only Socket.IO may upgrade; a WebSocket is long-lived and carries no body to buffer.
        name: `${name}_websocket`,
        match: { ...match, headers: [{ name: 'upgrade', string_match: { exact: 'websocket', ignore_case: true } }] },
        route: { cluster, timeout: '0s', upgrade_configs: [{ upgrade_type: 'websocket', enabled: true }] },
        typed_per_filter_config: { ...perRoute, ...bufferOff },
      },
      // Long-polling fallback: ordinary requests with ordinary limits.
      { name, match, route: { cluster, timeout: `${edgeTimeouts.apiResponse}s` }, typed_per_filter_config: perRoute },
    ];
  }

  if (prefix === mediaPrefix) {
    // Uploads stream through unbuffered, so the limit is on the declared length: too large is
    // refused before a byte of body is read, and a body without a length is not accepted at all.
    const refused = (suffix: string, headers: object[], status: number, detail: string) => ({ name: `${name}_${suffix}`, match: { ...match, headers }, ...refusal(status, detail) });
    return [
      refused('too_large', [contentLengthAbove(edgeLimits.maxMediaUploadBytes)], 413, `uploads are limited to ${edgeLimits.maxMediaUploadBytes / mib} MiB`),
      refused('length_required', [{ name: ':method', string_match: { safe_regex: { regex: 'POST|PUT|PATCH' } } }, { name: 'content-length', present_match: false }], 411, 'uploads must declare their Content-Length'),
      { name, match, route: { cluster, timeout: '0s', idle_timeout: `${edgeTimeouts.mediaResponse}s` }, typed_per_filter_config: { ...perRoute, ...bufferOff } },
    ];
  }

  return [{ name, match, route: { cluster, timeout: `${edgeTimeouts.apiResponse}s` }, typed_per_filter_config: perRoute }];
}

function serviceAllowances(policy: Policy, edge: Workload): Allowance[] {
  return policy.targetsOf(edge).filter((allowance) => allowance.to.kind === 'service');
}

function routeConfig(policy: Policy, edge: Workload) {
  const prefixes = serviceAllowances(policy, edge).flatMap((allowance) => {
    if (!allowance.paths) throw new Error(`the edge must name the paths it routes to ${allowance.to.name}`);
    return allowance.paths.map((prefix) => ({ prefix, routes: routesFor(allowance, prefix) }));
  });
  // Prefixes never overlap, so order only matters for the guard: media (own limit) before it, the rest after.
  const media = prefixes.filter((entry) => entry.prefix === mediaPrefix).flatMap((entry) => entry.routes);
  const others = prefixes.filter((entry) => entry.prefix !== mediaPrefix).flatMap((entry) => entry.routes);
  const declaredTooLarge = {
    name: 'body_too_large',
    match: { prefix: '/', headers: [contentLengthAbove(edgeLimits.maxRequestBytes)] },
    // The buffer filter would say the same, but only after reading the first 10 MiB.
    ...refusal(413, `request bodies are limited to ${edgeLimits.maxRequestBytes / mib} MiB`),
  };
  return {
    name: 'edge',
    virtual_hosts: [
      {
        name: 'lynk',
        domains: ['*'],
        routes: [
          ...media,
          declaredTooLarge,
          ...others,
          // Everything else: a problem+json 404 (body from local_reply_config), never a service.
          { name: 'not_found', match: { prefix: '/' }, ...refusal(404, 'no route for this path') },
        ],
      },
    ],
  };
}

const accessLog = {
  name: 'envoy.access_loggers.stdout',
  typed_config: typed('envoy.extensions.access_loggers.stream.v3.StdoutAccessLog', {
    log_format: {
      json_format: {
        time: '%START_TIME%',
        client: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%',
        method: '%REQ(:METHOD)%',
        // Without the query string: tokens and invite codes may travel there.
        path: '%REQ_WITHOUT_QUERY(:PATH)%',
        status: '%RESPONSE_CODE%',
        flags: '%RESPONSE_FLAGS%',
        route: '%ROUTE_NAME%',
        upstream: '%UPSTREAM_CLUSTER%',
        bytesIn: '%BYTES_RECEIVED%',
        bytesOut: '%BYTES_SENT%',
        durationMs: '%DURATION%',
        requestId: '%REQ(X-REQUEST-ID)%',
      },
      formatters: [{ name: 'envoy.formatter.req_without_query', typed_config: typed('envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery', {}) }],
    },
  }),
};

function httpConnectionManager(policy: Policy, edge: Workload) {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
      stat_prefix: 'edge',
      codec_type: 'AUTO',
      server_name: 'lynk-edge',
      // The client is the TCP peer; nothing in front of the edge is trusted to name another.
      use_remote_address: true,
      xff_num_trusted_hops: 0,
      // Drop whatever X-Forwarded-For the client sent before Envoy appends the real peer, so a
      // service sees exactly one address and it is true.
      early_header_mutation_extensions: [
        {
          name: 'envoy.http.early_header_mutation.header_mutation',
          typed_config: typed('envoy.extensions.http.early_header_mutation.header_mutation.v3.HeaderMutation', { mutations: [{ remove: 'x-forwarded-for' }] }),
        },
      ],
      // A client-supplied X-Forwarded-Client-Cert is stripped; the service sidecars set the real one.
      forward_client_cert_details: 'SANITIZE',
      // Prefix routing (here and in the sidecars' RBAC) is only sound on a normalized path.
      normalize_path: true,
      merge_slashes: true,
      path_with_escaped_slashes_action: 'REJECT_REQUEST',
      request_headers_timeout: `${edgeTimeouts.requestHeaders}s`,
      stream_idle_timeout: `${edgeTimeouts.streamIdle}s`,
      // Whole request, body included (a WebSocket, once upgraded, is not bound by it).
      request_timeout: `${edgeTimeouts.request}s`,
      common_http_protocol_options: { idle_timeout: `${edgeTimeouts.connectionIdle}s`, headers_with_underscores_action: 'REJECT_REQUEST', max_headers_count: 100 },
      // Envoy's edge-proxy recommendations; allow_connect lets browsers open WebSockets over HTTP/2 (RFC 8441).
      http2_protocol_options: { max_concurrent_streams: 100, initial_stream_window_size: 65536, initial_connection_window_size: 1048576, allow_connect: true },
      // Upgrades are off everywhere but on the Socket.IO route, which turns them on.
      upgrade_configs: [{ upgrade_type: 'websocket', enabled: false }],
      local_reply_config: localReplyConfig,
      access_log: [accessLog],
      tracing: envoyTracing(policy, edge),
      route_config: routeConfig(policy, edge),
      http_filters: [
        perClientIpRateLimit(),
        jwtAuthentication(policy),
        requestBodyLimit(),
        { name: filterNames.router, typed_config: typed('envoy.extensions.filters.http.router.v3.Router', {}) },
      ],
    }),
  };
}

function publicTls(policy: Policy, edge: Workload) {
  // TLS versions and suites exactly as the mesh's own (envoy-sds.ts), so the public side is never weaker.
  const tlsParams = upstreamMtls(edge.spiffeId, policy.trustDomain, edge.spiffeId).typed_config.common_tls_context.tls_params;
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: typed('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', {
      common_tls_context: {
        tls_params: tlsParams,
        alpn_protocols: ['h2', 'http/1.1'],
        tls_certificates: [{ certificate_chain: { filename: edgeCertificateFiles.certificate }, private_key: { filename: edgeCertificateFiles.privateKey } }],
      },
    }),
  };
}

function serviceCluster(policy: Policy, edge: Workload, target: Workload, addressing: MeshAddressing) {
  const name = clusterName(target);
  const address = addressing.peerAddress(target, policy.inboundPort(target), privateNetworkSockets.inbound(target.name));
  return {
    name,
    connect_timeout: '2s',
    ...addressing.peerClusterDiscovery,
    per_connection_buffer_limit_bytes: 32768,
    circuit_breakers: socketCarryingCircuitBreakers,
    typed_extension_protocol_options: http2ToSidecar,
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address } }] }] },
    transport_socket: upstreamMtls(edge.spiffeId, policy.trustDomain, target.spiffeId),
  };
}

/** The edge's whole Envoy bootstrap; `addressing` says where it listens and how it finds the services. */
export function edgeConfig(policy: Policy, addressing: MeshAddressing = nativeAddressing) {
  const edge = policy.workloads.find((workload) => workload.kind === 'edge');
  if (!edge || edge.kind !== 'edge') throw new Error('the mesh policy has no edge workload');
  return {
    node: { id: 'edge', cluster: edge.name },
    admin: { address: loopbackAddress(policy.adminPort(edge)) },
    static_resources: {
      listeners: [
        {
          name: 'public',
          address: { socket_address: { address: addressing.exposedHost, port_value: edge.publicPort } },
          // Envoy's edge recommendation: small per-connection buffers; the buffer filter raises it per request.
          per_connection_buffer_limit_bytes: 32768,
          filter_chains: [{ filters: [httpConnectionManager(policy, edge)], transport_socket: publicTls(policy, edge) }],
        },
      ],
      clusters: [
        spireAgentCluster,
        ...serviceAllowances(policy, edge).map((allowance) => serviceCluster(policy, edge, allowance.to, addressing)),
        serviceCluster(policy, edge, policy.workload('jaeger'), addressing),
      ],
    },
    overload_manager: {
      resource_monitors: [
        {
          name: 'envoy.resource_monitors.global_downstream_max_connections',
          typed_config: typed('envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig', { max_active_downstream_connections: edgeLimits.maxConnections }),
        },
      ],
    },
  };
}
