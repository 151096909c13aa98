/** Entry point: telemetry first, so express, socket.io, pg, ioredis, kafkajs and cassandra-driver load instrumented. */
import { createServiceMetrics, storeCallRecorder } from '@lynk/common/metrics';
import { startTelemetry } from '@lynk/common/telemetry';

const metrics = createServiceMetrics('message');
await startTelemetry({ serviceName: 'message', otlpTracesUrl: process.env.OTLP_TRACES_URL, spanProcessors: [storeCallRecorder(metrics)] });
const { startMessageServer } = await import('./server.ts');
await startMessageServer(metrics);
