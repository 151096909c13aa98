/**
 * OpenTelemetry for a Lynk service. Call `startTelemetry` first thing in the entry point and only
 * then import the app (`await import('./server.ts')`): instrumentations patch express, pg,
 * ioredis, kafkajs, cassandra-driver and socket.io as they load, so anything imported earlier is
 * missed. Spans go as OTLP/HTTP to Jaeger through the service's own sidecar (`to_jaeger`).
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CassandraDriverInstrumentation } from '@opentelemetry/instrumentation-cassandra-driver';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { SocketIoInstrumentation } from '@opentelemetry/instrumentation-socket.io';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { rememberModuleResolution } from './remembered-module-resolution.ts';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP traces URL, e.g. `http://127.0.0.1:<outbound port to jaeger>/v1/traces`; absent keeps spans local. */
  otlpTracesUrl?: string | undefined;
  /** Extra processors, e.g. the store-latency recorder or a test's in-memory exporter. */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  /** Flushes buffered spans; call during graceful shutdown. */
  shutdown(): Promise<void>;
}

/** Paths every probe polls; tracing them would bury real requests. */
const ignoredIncomingPaths = new Set(['/healthz', '/readyz', '/metrics']);

export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  rememberModuleResolution();
  // ESM imports bypass require hooks, so the import-in-the-middle loader patches them too.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const spanProcessors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpTracesUrl) {
    // Short delay so a trace reaches Jaeger within a second; the batch still bounds export calls.
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlpTracesUrl }), { scheduledDelayMillis: 500 }));
  }
  // NodeSDK installs no tracer provider without a processor: the service would then open no spans,
  // forward the caller's traceparent unchanged and start no trace for untraced requests.
  if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors,
    // Metrics are Prometheus (prom-client) and logs go to stdout; without these the SDK would add
    // OTLP exporters to localhost:4318 from its env defaults, and shutdown would retry them for seconds.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => ignoredIncomingPaths.has((request.url ?? '').split('?')[0] ?? ''),
        // The exporter's own calls to Jaeger would otherwise trace themselves.
        ignoreOutgoingRequestHook: (request) => (request.path ?? '').startsWith('/v1/traces'),
      }),
      new ExpressInstrumentation(),
      new SocketIoInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation(),
      new CassandraDriverInstrumentation(),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  return { shutdown: () => sdk.shutdown() };
}
