import type { Allowance, Policy, Workload } from '../policy/define-policy.ts';
import { http2WebSocketStreams, socketCarryingCircuitBreakers } from './connection-limits.ts';
import { downstreamMtls, downstreamServerTls, spireAgentCluster, upstreamMtls } from './envoy-sds.ts';
import { canExportTraces, envoyTracing } from './envoy-tracing.ts';
import { listeningPipe, loopbackAddress, nativeAddressing, type MeshAddressing } from './mesh-addressing.ts';
import { hasPrivateNetwork, privateNetworkSockets } from './private-network.ts';
import { kafkaClientListeners, operatorUpstreamPorts, storeUpstreams, type StoreUpstream } from './store-upstreams.ts';

function upstreamAddress(upstream: StoreUpstream) {
  return 'unixSocket' in upstream ? { pipe: { path: upstream.unixSocket } } : loopbackAddress(upstream.port);
}

function cluster(name: string, address: object, extra: object = {}, discovery: MeshAddressing['peerClusterDiscovery'] = { type: 'STATIC' }) {
  return {
    name,
    connect_timeout: '2s',
    ...discovery,
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address } }] }] },
    ...extra,
  };
}

function tcpProxy(statPrefix: string, clusterName: string) {
  return {
    name: 'envoy.filters.network.tcp_proxy',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
      stat_prefix: statPrefix,
      cluster: clusterName,
      // Long-lived store and broker connections stay open; the app's pool decides when to close.
      idle_timeout: '0s',
    },
  };
}

function isHttp(workload: Workload): boolean {
  return workload.kind === 'service' || (workload.kind === 'store' && workload.protocol === 'http');
}

/** Prefix match for each allowed path; no paths means the whole service. */
function pathPermissions(paths: string[] | undefined) {
  if (!paths) return [{ any: true }];
  return paths.map((prefix) => ({ url_path: { path: { prefix } } }));
}

function httpConnectionManager(statPrefix: string, clusterName: string, options: { rbac?: object; forwardClientCert: boolean; tracing?: object; routeExtras?: object; acceptsWebSocketStreams?: boolean }) {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      stat_prefix: statPrefix,
      codec_type: 'AUTO',
      // The caller's SPIFFE ID reaches the app for audit logs; a caller cannot forge it.
      forward_client_cert_details: options.forwardClientCert ? 'SANITIZE_SET' : 'SANITIZE',
      ...(options.forwardClientCert ? { set_current_client_cert_details: { uri: true } } : {}),
      upgrade_configs: [{ upgrade_type: 'websocket' }],
      ...(options.acceptsWebSocketStreams ? http2WebSocketStreams : {}),
      ...(options.tracing ? { tracing: options.tracing } : {}),
      stream_idle_timeout: '300s',
      request_timeout: '0s',
      route_config: {
        name: statPrefix,
        virtual_hosts: [{ name: statPrefix, domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: clusterName, timeout: '60s', ...options.routeExtras } }] }],
      },
      http_filters: [
        ...(options.rbac ? [{ name: 'envoy.filters.http.rbac', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC', rules: options.rbac } }] : []),
        { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
      ],
    },
  };
}

function tracingOf(policy: Policy, workload: Workload) {
  return canExportTraces(policy, workload) ? envoyTracing(policy, workload) : undefined;
}

/** Per-route authorization: each caller may use only its allowed path prefixes. */
function rbacFor(callers: Allowance[]) {
  return {
    action: 'ALLOW',
    policies: Object.fromEntries(
      callers.map((allowance) => [
        allowance.from.name,
        {
          permissions: [{ or_rules: { rules: pathPermissions(allowance.paths) } }],
          principals: [{ authenticated: { principal_name: { exact: allowance.from.spiffeId } } }],
        },
      ]),
    ),
  };
}

function inboundListeners(policy: Policy, workload: Workload, addressing: MeshAddressing) {
  const exposed = (port: number, socket: string) => addressing.listenerAddress(workload, port, socket);
  const callers = policy.callersOf(workload);
  if (callers.length === 0 || workload.kind === 'edge') return [];
  if (workload.kind === 'store' && workload.protocol === 'kafka') {
    // One listener per client, each accepting only that client's SVID.
    return kafkaClientListeners(policy).map((listener) => ({
      name: `inbound_${listener.client}`,
      address: exposed(listener.sidecarPort, privateNetworkSockets.kafkaInbound(listener.client)),
      filter_chains: [
        {
          filters: [tcpProxy(`inbound_${listener.client}`, `broker_for_${listener.client}`)],
          transport_socket: downstreamMtls(workload.spiffeId, policy.trustDomain, [policy.workload(listener.client).spiffeId]),
        },
      ],
    }));
  }
  const filter = isHttp(workload)
    ? httpConnectionManager('inbound', 'local_workload', { rbac: rbacFor(callers), forwardClientCert: true, tracing: tracingOf(policy, workload), routeExtras: { ...instanceRouting(workload), ...streamingRouting(workload) }, acceptsWebSocketStreams: workload.kind === 'service' })
    : tcpProxy('inbound', 'local_workload');
  return [
    {
      name: 'inbound',
      address: exposed(policy.inboundPort(workload), privateNetworkSockets.inbound(workload.name)),
      filter_chains: [{ filters: [filter], transport_socket: downstreamMtls(workload.spiffeId, policy.trustDomain, callers.map((caller) => caller.from.spiffeId)) }],
    },
  ];
}

/**
 * Media streams files of up to 1 GiB both ways (client -> media -> MinIO and back), as fast as the
 * slowest party reads: those routes have no total deadline, only a limit on silence.
 */
const streamingRoute = { timeout: '0s', idle_timeout: '60s' };
const streamingInbound = new Set(['media', 'minio']);

/** Route extras of an inbound listener (no `target`) or of the outbound listener to `target`. */
function streamingRouting(workload: Workload, target?: Workload) {
  const streams = target ? workload.name === 'media' && target.name === 'minio' : streamingInbound.has(workload.name);
  return streams ? streamingRoute : {};
}

/**
 * Natively, a store in a private network is reached from the host only through unix sockets; this
 * one is the operator's (the launcher's provisioning, tests' admin logins, `npm run traces`), the
 * counterpart of Postgres's and Redis's own sockets. Cassandra's driver reaches a unix socket only
 * over TLS, so that one presents the store's SVID; the others are plain.
 */
function operatorListeners(workload: Workload, addressing: MeshAddressing) {
  if (addressing.mode !== 'native' || !hasPrivateNetwork(workload)) return [];
  const transport = workload.name === 'cassandra' ? { transport_socket: downstreamServerTls(workload.spiffeId) } : {};
  return [
    {
      name: 'operator',
      address: listeningPipe(privateNetworkSockets.operator(workload.name)),
      filter_chains: [{ filters: [tcpProxy('operator', 'store_for_operator')], ...transport }],
    },
  ];
}

function operatorClusters(workload: Workload, addressing: MeshAddressing) {
  if (addressing.mode !== 'native' || !hasPrivateNetwork(workload)) return [];
  const port = operatorUpstreamPorts[workload.name];
  if (port === undefined) throw new Error(`no operator port for store ${workload.name}`);
  return [cluster('store_for_operator', loopbackAddress(port))];
}

function outboundListeners(policy: Policy, workload: Workload) {
  // A sidecar-only allowance (MinIO's tracer) gets a cluster but no listener the workload could use.
  return policy.targetsOf(workload).filter((allowance) => !allowance.sidecarOnly).map((allowance) => {
    const target = allowance.to;
    const name = `to_${target.name}`;
    // Calls to Jaeger carry spans; tracing them would feed the exporter its own output.
    const tracing = target.name === 'jaeger' ? undefined : tracingOf(policy, workload);
    const filter = isHttp(target) ? httpConnectionManager(name, name, { forwardClientCert: false, tracing, routeExtras: streamingRouting(workload, target) }) : tcpProxy(name, name);
    return { name, address: loopbackAddress(policy.outboundPort(workload, target)), filter_chains: [{ filters: [filter] }] };
  });
}

/** Instance k of a service listens here; the sidecar balances over every slot that answers its health check. */
export function instancePort(appPort: number, instance: number): number {
  return appPort + 100 * instance;
}

/**
 * Several local instances: only healthy ones get traffic (no panic mode, which would send to dead
 * ones), and a polling Socket.IO client stays on one instance through a cookie the sidecar sets.
 */
function instancesCluster(appPort: number, slots: number) {
  return {
    name: 'local_workload',
    type: 'STATIC',
    connect_timeout: '1s',
    circuit_breakers: socketCarryingCircuitBreakers,
    lb_policy: 'RING_HASH',
    common_lb_config: { healthy_panic_threshold: { value: 0 } },
    health_checks: [
      {
        timeout: '1s',
        interval: '1s',
        no_traffic_interval: '1s',
        unhealthy_threshold: 1,
        healthy_threshold: 1,
        http_health_check: { path: '/healthz' },
      },
    ],
    load_assignment: {
      cluster_name: 'local_workload',
      endpoints: [{ lb_endpoints: Array.from({ length: slots }, (_, instance) => ({ endpoint: { address: loopbackAddress(instancePort(appPort, instance)) } })) }],
    },
  };
}

/** Route extras for a multi-instance service: instance affinity, and a retry when an instance has just died. */
export const instanceAffinityCookie = 'lynk-instance';
function instanceRouting(workload: Workload) {
  if (workload.kind !== 'service' || workload.instanceSlots === 1) return {};
  return {
    // A client that names an instance (the cookie) gets it; any other is placed by its address,
    // which the edge puts in X-Forwarded-For. The hop from the edge is one shared HTTP/2
    // connection, so nothing about the connection itself tells clients apart.
    hash_policy: [{ cookie: { name: instanceAffinityCookie }, terminal: true }, { header: { header_name: 'x-forwarded-for' } }],
    retry_policy: {
      retry_on: 'connect-failure,refused-stream',
      num_retries: 3,
      // A retry goes to another instance, not back to the one that just refused.
      retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' } }],
      host_selection_retry_max_attempts: 5,
    },
  };
}

function localClusters(policy: Policy, workload: Workload) {
  if (workload.kind === 'service') return [workload.instanceSlots > 1 ? instancesCluster(workload.appPort, workload.instanceSlots) : cluster('local_workload', loopbackAddress(workload.appPort), { circuit_breakers: socketCarryingCircuitBreakers })];
  if (workload.kind !== 'store') return [];
  if (workload.protocol === 'kafka') {
    return kafkaClientListeners(policy).map((listener) => cluster(`broker_for_${listener.client}`, loopbackAddress(listener.brokerPort)));
  }
  const upstream = storeUpstreams[workload.name];
  if (!upstream) throw new Error(`no upstream address for store ${workload.name}`);
  return [cluster('local_workload', upstreamAddress(upstream))];
}

function targetClusters(policy: Policy, workload: Workload, addressing: MeshAddressing) {
  return policy.targetsOf(workload).map((allowance) => {
    const target = allowance.to;
    const port = target.kind === 'store' && target.protocol === 'kafka' ? policy.kafkaInboundPort(workload) : policy.inboundPort(target);
    const socket = target.kind === 'store' && target.protocol === 'kafka' ? privateNetworkSockets.kafkaInbound(workload.name) : privateNetworkSockets.inbound(target.name);
    const address = addressing.peerAddress(target, port, socket);
    return cluster(`to_${target.name}`, address, { transport_socket: upstreamMtls(workload.spiffeId, policy.trustDomain, target.spiffeId) }, addressing.peerClusterDiscovery);
  });
}

/** The whole bootstrap config of one workload's sidecar; `addressing` says how it finds its peers. */
export function sidecarConfig(policy: Policy, workload: Workload, addressing: MeshAddressing = nativeAddressing) {
  return {
    node: { id: `${workload.name}-sidecar`, cluster: workload.name },
    admin: { address: addressing.adminAddress(workload, policy.adminPort(workload), privateNetworkSockets.admin(workload.name)) },
    static_resources: {
      listeners: [...inboundListeners(policy, workload, addressing), ...operatorListeners(workload, addressing), ...outboundListeners(policy, workload)],
      clusters: [spireAgentCluster, ...localClusters(policy, workload), ...operatorClusters(workload, addressing), ...targetClusters(policy, workload, addressing)],
    },
  };
}
