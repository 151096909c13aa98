/**
 * Envoy's default circuit breakers allow 1,024 connections, pending requests and requests per
 * cluster. Every open WebSocket holds one of each for its whole life, so with the defaults the
 * 1,025th chat socket of a service would wait forever for its upgrade. Clusters that carry
 * client sockets get a ceiling far above what one instance serves; the edge's overload manager
 * and the process's file-descriptor limit remain the real bounds.
 */
export const openStreamCeiling = 100_000;

export const socketCarryingCircuitBreakers = {
  thresholds: [{ priority: 'DEFAULT', max_connections: openStreamCeiling, max_pending_requests: openStreamCeiling, max_requests: openStreamCeiling }],
};

/**
 * The edge speaks HTTP/2 to the services' sidecars: requests and WebSockets (as extended CONNECT,
 * RFC 8441) share a few TLS connections instead of one handshake and two file descriptors per
 * client socket. The sidecar turns a WebSocket stream back into an HTTP/1.1 upgrade for the app.
 */
export const http2ToSidecar = {
  'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
    '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
    explicit_http_config: { http2_protocol_options: {} },
  },
};

/** What a service sidecar's inbound connection manager needs to accept those WebSocket streams. */
export const http2WebSocketStreams = { http2_protocol_options: { allow_connect: true } };
