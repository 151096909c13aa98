/** `npm run traces [service] [limit]`: where Jaeger answers, and the latest traces of a service. */
import { relative } from 'node:path';
import { jaegerQuery, operatorSocketPath } from '../launcher/operator-sockets.ts';

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  startTime: number;
  duration: number;
  references: unknown[];
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

async function jaegerApi<T>(path: string): Promise<T> {
  return (await jaegerQuery<{ data: T }>(path)).data;
}

function describeTrace(trace: JaegerTrace): string {
  const root = trace.spans.find((span) => span.references.length === 0) ?? trace.spans[0]!;
  const byStart = [...trace.spans].sort((a, b) => a.startTime - b.startTime);
  const services = [...new Set(byStart.map((span) => trace.processes[span.processID]?.serviceName))].join(' > ');
  const errors = trace.spans.filter((span) => span.tags.some((tag) => tag.key === 'error' && tag.value === true)).length;
  const when = new Date(root.startTime / 1000).toISOString().slice(11, 23);
  return `  ${when}  ${trace.traceID}  ${(root.duration / 1000).toFixed(1).padStart(7)} ms  ${String(trace.spans.length).padStart(3)} spans${errors ? `  ${errors} errors` : ''}  ${root.operationName}\n      ${services}`;
}

export async function tracesReport(service: string | undefined, limit: number): Promise<string> {
  const socket = relative(process.cwd(), operatorSocketPath('jaeger'));
  const lines = [
    `Jaeger query API on the unix socket ${socket} (this source build serves no UI; a trace: curl --unix-socket ${socket} http://jaeger/api/traces/<trace id>)`,
  ];
  const services = (await jaegerApi<string[]>('services')).sort();
  lines.push(`Services with traces: ${services.join(', ') || '(none yet)'}`);
  const chosen = service ?? (services.includes('edge') ? 'edge' : services[0]);
  if (!chosen) return lines.join('\n');
  const traces = await jaegerApi<JaegerTrace[]>(`traces?service=${encodeURIComponent(chosen)}&limit=${limit}&lookback=1h`);
  traces.sort((a, b) => Math.max(...b.spans.map((span) => span.startTime)) - Math.max(...a.spans.map((span) => span.startTime)));
  lines.push(`Latest ${traces.length} traces of ${chosen} (time UTC, trace id, duration, spans, root):`, ...traces.map(describeTrace));
  return lines.join('\n');
}
