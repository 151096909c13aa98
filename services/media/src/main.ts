/** Entry point: telemetry first, so express, http (S3 and message calls), pg and kafkajs load instrumented. */
import { createServiceMetrics, storeCallRecorder } from '@lynk/common/metrics';
import { startTelemetry } from '@lynk/common/telemetry';

const metrics = createServiceMetrics('media');
await startTelemetry({ serviceName: 'media', otlpTracesUrl: process.env.OTLP_TRACES_URL, spanProcessors: [storeCallRecorder(metrics)] });
const { startMediaServer } = await import('./server.ts');
await startMediaServer(metrics);
