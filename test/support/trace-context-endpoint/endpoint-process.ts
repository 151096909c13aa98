import { join } from 'node:path';
import { startJsonLineProcess } from '../json-line-process.ts';

export interface TraceContextEndpoint {
  port: number;
  stop(): Promise<void>;
}

/** Starts `endpoint-main.ts` on a port the kernel picks and resolves once it listens. */
export async function startTraceContextEndpoint(): Promise<TraceContextEndpoint> {
  const endpoint = await startJsonLineProcess({ script: join('test', 'support', 'trace-context-endpoint', 'endpoint-main.ts'), env: { TRACE_CONTEXT_ENDPOINT_PORT: '0' } }, (line) => line.msg === 'listening' && typeof line.port === 'number');
  return { port: endpoint.readyLine.port as number, stop: endpoint.stop };
}
