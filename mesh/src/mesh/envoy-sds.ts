import { spireAgentSocketRelative } from './spire-paths.ts';

/** The static cluster through which Envoy asks the SPIRE agent for certificates (SDS over gRPC). */
export const spireAgentCluster = {
  name: 'spire_agent',
  connect_timeout: '1s',
  type: 'STATIC',
  typed_extension_protocol_options: {
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
      '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
      explicit_http_config: { http2_protocol_options: {} },
    },
  },
  load_assignment: {
    cluster_name: 'spire_agent',
    endpoints: [{ lb_endpoints: [{ endpoint: { address: { pipe: { path: spireAgentSocketRelative } } } }] }],
  },
};

const sdsConfig = {
  resource_api_version: 'V3',
  // Wait for the SVID however long it takes: without one the listener must not come up at all.
  initial_fetch_timeout: '0s',
  api_config_source: { api_type: 'GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: 'spire_agent' } }] },
};

/** TLS 1.2+ with forward-secret AEAD suites only; TLS 1.3 suites are fixed by BoringSSL. */
const tlsParams = {
  tls_minimum_protocol_version: 'TLSv1_2',
  tls_maximum_protocol_version: 'TLSv1_3',
  cipher_suites: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305'],
};

/** Own SVID from SDS; peers must chain to the trust domain bundle and carry one of `peerIds`. */
function commonTlsContext(ownId: string, trustDomain: string, peerIds: string[]) {
  return {
    tls_params: tlsParams,
    tls_certificate_sds_secret_configs: [{ name: ownId, sds_config: sdsConfig }],
    combined_validation_context: {
      default_validation_context: { match_typed_subject_alt_names: peerIds.map((id) => ({ san_type: 'URI', matcher: { exact: id } })) },
      validation_context_sds_secret_config: { name: `spiffe://${trustDomain}`, sds_config: sdsConfig },
    },
  };
}

/** Inbound: only the listed callers complete the handshake. */
export function downstreamMtls(ownId: string, trustDomain: string, callerIds: string[]) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      require_client_certificate: true,
      common_tls_context: commonTlsContext(ownId, trustDomain, callerIds),
    },
  };
}

/**
 * Server-only TLS with the workload's SVID and no client certificate: for a local socket whose file
 * permissions are the boundary, reached by a client that can only speak TLS to a unix socket.
 */
export function downstreamServerTls(ownId: string) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      require_client_certificate: false,
      common_tls_context: { tls_params: tlsParams, tls_certificate_sds_secret_configs: [{ name: ownId, sds_config: sdsConfig }] },
    },
  };
}

/** Outbound: the target must present exactly its own SVID. */
export function upstreamMtls(ownId: string, trustDomain: string, targetId: string) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      common_tls_context: commonTlsContext(ownId, trustDomain, [targetId]),
    },
  };
}
