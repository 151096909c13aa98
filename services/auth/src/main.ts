/** Entry point: telemetry first, so express, pg, ioredis and kafkajs load instrumented. */
import { createServiceMetrics, storeCallRecorder } from '@lynk/common/metrics';
import { startTelemetry } from '@lynk/common/telemetry';

const metrics = createServiceMetrics('auth');
await startTelemetry({ serviceName: 'auth', otlpTracesUrl: process.env.OTLP_TRACES_URL, spanProcessors: [storeCallRecorder(metrics)] });
const { startAuthServer } = await import('./server.ts');
await startAuthServer(metrics);
