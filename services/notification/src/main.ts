/** Entry point: telemetry first, so express, pg, ioredis and kafkajs load instrumented. */
import { createServiceMetrics, storeCallRecorder } from '@lynk/common/metrics';
import { startTelemetry } from '@lynk/common/telemetry';

const metrics = createServiceMetrics('notification');
await startTelemetry({ serviceName: 'notification', otlpTracesUrl: process.env.OTLP_TRACES_URL, spanProcessors: [storeCallRecorder(metrics)] });
const { startNotificationServer } = await import('./server.ts');
await startNotificationServer(metrics);
