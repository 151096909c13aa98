/**
 * Envoy's own OpenTelemetry tracer: every HTTP hop through a sidecar or the edge becomes a span
 * in the caller's trace (W3C traceparent in, traceparent out), exported as OTLP/HTTP to Jaeger
 * over the mesh, through the same mTLS cluster the workload's app uses (`to_jaeger`).
 */
import type { Policy, Workload } from '../policy/define-policy.ts';

export const tracerClusterName = 'to_jaeger';

/** True when the policy lets this workload reach Jaeger, so its Envoy can export spans. */
export function canExportTraces(policy: Policy, workload: Workload): boolean {
  return policy.targetsOf(workload).some((allowance) => allowance.to.name === 'jaeger');
}

/** The HTTP connection manager's `tracing` block; the span is named after the Envoy (`auth-sidecar`). */
export function envoyTracing(policy: Policy, workload: Workload) {
  return {
    // Sample every request nobody sampled before; an incoming traceparent's decision is kept.
    random_sampling: { value: 100 },
    spawn_upstream_span: true,
    provider: {
      name: 'envoy.tracers.opentelemetry',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig',
        service_name: workload.kind === 'edge' ? 'edge' : `${workload.name}-sidecar`,
        http_service: {
          http_uri: { uri: `http://jaeger.${policy.trustDomain}/v1/traces`, cluster: tracerClusterName, timeout: '2s' },
        },
      },
    },
  };
}
