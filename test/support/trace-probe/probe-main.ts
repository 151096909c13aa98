/**
 * A small instrumented workload for the observability tests, started as a child process the way
 * a service starts: telemetry first, then the code that loads express, pg and kafkajs.
 *   node --import tsx probe-main.ts http      -> auth's app port: a route that queries Postgres
 *                                               and publishes to Kafka through auth's sidecar
 *   node --import tsx probe-main.ts consumer  -> consumes that topic as notification
 */
import { createServiceMetrics, storeCallRecorder } from '../../../services/common/src/metrics/index.ts';
import { startTelemetry } from '../../../services/common/src/telemetry/index.ts';
import { throughSidecar } from '../stack.ts';

const role = process.argv[2];
if (role !== 'http' && role !== 'consumer') throw new Error('usage: probe-main.ts http|consumer');

const workload = role === 'http' ? 'auth' : 'notification';
const serviceName = role === 'http' ? 'trace-probe' : 'trace-probe-consumer';
const jaeger = throughSidecar(workload, 'jaeger');
const metrics = createServiceMetrics(serviceName);
const telemetry = await startTelemetry({
  serviceName,
  otlpTracesUrl: `http://${jaeger.host}:${jaeger.port}/v1/traces`,
  spanProcessors: [storeCallRecorder(metrics)],
});

const { runProbe } = role === 'http' ? await import('./http-probe.ts') : await import('./consumer-probe.ts');
const stop = await runProbe(metrics);
process.stdout.write(JSON.stringify({ msg: 'probe ready' }) + '\n');

process.once('SIGTERM', () => {
  void stop()
    .then(() => telemetry.shutdown())
    .finally(() => process.exit(0));
});
