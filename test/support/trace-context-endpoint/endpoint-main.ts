/**
 * The test service the W3C Trace Context harness (w3c/trace-context `test/test.py`) drives, and
 * the spec-based test in `test/integration/w3c-trace-context.test.ts`. Started the way a Lynk
 * service starts: common telemetry first (no OTLP URL, spans stay in the process), then express.
 *   TRACE_CONTEXT_ENDPOINT_PORT=<port, default 0> node --import tsx endpoint-main.ts
 * prints `{"msg":"listening","port":N}` once it accepts requests on 127.0.0.1.
 */
import { startTelemetry } from '../../../services/common/src/telemetry/index.ts';

const telemetry = await startTelemetry({ serviceName: 'trace-context-endpoint' });

const { traceContextApp } = await import('./endpoint-app.ts');
const server = traceContextApp().listen(Number(process.env.TRACE_CONTEXT_ENDPOINT_PORT ?? 0), '127.0.0.1');
await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
const address = server.address();
process.stdout.write(JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : null }) + '\n');

process.once('SIGTERM', () => {
  server.close();
  void telemetry.shutdown().finally(() => process.exit(0));
});
