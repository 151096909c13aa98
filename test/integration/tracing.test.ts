/**
 * Observability end to end: a sign-up through the edge reaches auth, which writes Postgres and
 * publishes user.created, consumed by another workload: one trace in Jaeger with every hop; its
 * log lines carry the trace id; auth's metrics report it; readiness names a dead store.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { policy } from '../../mesh/policy.ts';
import { findFreePort } from '../../mesh/src/launcher/port-check.ts';
import { repoRoot, statePaths } from '../../mesh/src/paths.ts';
import { parsePrometheusText, sampleSum } from '../support/prometheus-text.ts';
import { signUp, type SignedInUser } from '../support/auth-users.ts';
import { getOverSocket, operatorSocketPath } from '../../mesh/src/launcher/operator-sockets.ts';
import { startProbe, type ProbeProcess } from '../support/trace-probe/probe-process.ts';

interface JaegerSpan {
  startTime: number;
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  references: { refType: string; spanID: string }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const authApp = policy.workload('auth');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `find` every 250 ms until it returns something, or gives up after 15 s. */
async function waitFor<T>(find: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const found = find();
    if (found !== undefined) return found;
    await sleep(250);
  }
  throw new Error('the awaited record never arrived');
}

/** Polls Jaeger's query API until the trace holds `until`, or gives up after 15 s. */
async function jaegerTrace(traceId: string, until: (trace: JaegerTrace) => boolean): Promise<JaegerTrace> {
  let last: JaegerTrace | undefined;
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await getOverSocket(operatorSocketPath('jaeger'), `/api/traces/${traceId}`);
    if (response.status === 200) {
      last = (JSON.parse(response.body) as { data: JaegerTrace[] }).data[0];
      if (last && until(last)) return last;
    }
    await sleep(250);
  }
  throw new Error(`trace ${traceId} never became complete: ${JSON.stringify(last?.spans.map((span) => span.operationName))}`);
}

const serviceOf = (trace: JaegerTrace, span: JaegerSpan) => trace.processes[span.processID]!.serviceName;

describe('one trace per request, with logs and metrics', () => {
  let consumerProbe: ProbeProcess;
  let user: SignedInUser;
  let traceId = '';
  let trace: JaegerTrace;

  before(async () => {
    consumerProbe = await startProbe('consumer', { PROBE_TOPIC: 'user.created' });
    user = await signUp('Traced');
    // The trace to follow is the one the consumer saw with this user's user.created record: other
    // sign-ups may be in flight, so picking the newest verify trace in Jaeger could pick theirs.
    const consumed = await waitFor(() => consumerProbe.lines.find((line) => line.msg === 'trace probe consumed' && String(line.value).includes(user.userId)));
    traceId = String(consumed.trace_id);
    const services = ['edge', 'auth-sidecar', 'auth', 'trace-probe-consumer'];
    trace = await jaegerTrace(traceId, (candidate) => services.every((service) => candidate.spans.some((span) => serviceOf(candidate, span) === service)));
  });

  after(async () => {
    await consumerProbe?.stop();
  });

  it('the edge, the sidecar, auth, its Postgres insert, its Kafka publish and the consumer share one trace', () => {
    const spans = trace.spans.map((span) => `${serviceOf(trace, span)}: ${span.operationName}`);
    for (const expected of [/^edge: ingress$/, /^edge: router to_auth egress$/, /^auth-sidecar: ingress$/, /^auth: POST \/api\/auth\/register\/verify$/, /^auth: pg\.query:INSERT auth$/, /^auth: send user\.created$/, /^trace-probe-consumer: handle user\.created$/]) {
      assert.ok(spans.some((span) => expected.test(span)), `${expected} in ${spans.join(', ')}`);
    }
    assert.ok(trace.spans.every((span) => span.traceID === traceId));
  });

  it('the consumer span is a child of the span that published the record', () => {
    const send = trace.spans.find((span) => span.operationName === 'send user.created')!;
    const handle = trace.spans.find((span) => span.operationName === 'handle user.created')!;
    assert.deepEqual(handle.references.map((reference) => [reference.refType, reference.spanID]), [['CHILD_OF', send.spanID]]);
  });

  it('the sidecar hop sits between the edge and the app', () => {
    const byId = new Map(trace.spans.map((span) => [span.spanID, span]));
    const parentService = (span: JaegerSpan) => {
      const parent = byId.get(span.references[0]?.spanID ?? '');
      return parent ? serviceOf(trace, parent) : undefined;
    };
    const appSpan = trace.spans.find((span) => span.operationName === 'POST /api/auth/register/verify')!;
    const sidecarIngress = trace.spans.find((span) => serviceOf(trace, span) === 'auth-sidecar' && span.operationName === 'ingress' && byId.get(appSpan.references[0]?.spanID ?? '')?.references[0]?.spanID === span.spanID)!;
    assert.equal(parentService(appSpan), 'auth-sidecar');
    assert.equal(parentService(sidecarIngress), 'edge');
  });

  it('log lines of the request, in both processes, carry its trace_id and a span_id', async () => {
    const authLog = readFileSync(statePaths.log('auth'), 'utf8').split('\n').filter((line) => line.includes(traceId));
    const requestLine = authLog.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'request' && line.path === '/api/auth/register/verify');
    assert.equal(requestLine?.trace_id, traceId);
    assert.match(String(requestLine?.span_id), /^[0-9a-f]{16}$/);
    assert.equal(requestLine?.caller, 'spiffe://lynk.internal/edge', 'the calling workload is in the audit line');
    // traceId came from the consumer's line for this user, so auth's line matching it ties both processes.
    const consumed = consumerProbe.lines.find((line) => line.msg === 'trace probe consumed' && String(line.value).includes(user.userId));
    assert.match(String(consumed?.span_id), /^[0-9a-f]{16}$/);
    assert.notEqual(consumed?.span_id, requestLine?.span_id);
  });

  it('the metrics endpoint reports the request, its store call and its publish', async () => {
    const port = authApp.kind === 'service' ? authApp.appPort : 0;
    const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    assert.ok(sampleSum(samples, 'lynk_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/register/verify', status: '201' }) >= 1, 'request counted by route and status');
    assert.ok(sampleSum(samples, 'lynk_store_call_duration_seconds_count', { store: 'postgres', operation: 'insert', outcome: 'ok' }) >= 1, 'Postgres latency recorded');
    assert.ok(sampleSum(samples, 'lynk_store_call_duration_seconds_count', { store: 'redis', outcome: 'ok' }) >= 1, 'Redis latency recorded');
    assert.ok(sampleSum(samples, 'lynk_kafka_messages_total', { direction: 'publish', topic: 'user.created', outcome: 'ok' }) >= 1, 'publish counted');
  });

  it('the sidecar\'s Envoy stats are reachable in the Prometheus format', async () => {
    const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${policy.adminPort(authApp)}/stats/prometheus`)).text());
    assert.ok(sampleSum(samples, 'envoy_http_downstream_rq_total', { envoy_http_conn_manager_prefix: 'inbound' }) >= 1);
  });

  it('npm run traces lists the trace, and npm run status shows traffic per Envoy', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'mesh/src/cli.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });
    const traces = cli('traces', 'auth', '50');
    assert.equal(traces.status, 0, traces.stderr);
    assert.match(traces.stdout, new RegExp(`${traceId} .* spans`));
    assert.match(traces.stdout, /edge > auth-sidecar > auth/);
    const status = cli('status');
    // Failed upstream connects are listed too when there were any (e.g. while an earlier test restarted Jaeger's sidecar).
    assert.match(status.stdout, /^\s+sidecar-auth .* healthy\s+conns \d+ open\/\d+, req [1-9]\d*, 5xx \d+(, upstream connect failures \d+)?$/m);
    assert.match(status.stdout, /^\s+edge .* healthy\s+conns \d+ open\/\d+, req [1-9]\d*, 5xx \d+(, upstream connect failures \d+)?$/m);
  });

  it('readiness reports a store it cannot reach as not ready, with the reason', async () => {
    const [appPort, deadPort] = [await findFreePort(), await findFreePort()];
    const broken = await startProbe('http', { PROBE_APP_PORT: String(appPort), PROBE_POSTGRES_PORT: String(deadPort) });
    try {
      const response = await fetch(`http://127.0.0.1:${appPort}/readyz`);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string; error?: string }> };
      assert.equal(response.status, 503);
      assert.equal(body.status, 'not-ready');
      assert.equal(body.checks.postgres?.status, 'failed');
      assert.match(body.checks.postgres?.error ?? '', /ECONNREFUSED|connect/i);
    } finally {
      await broken.stop();
    }
    const healthy = await fetch(`http://127.0.0.1:${authApp.kind === 'service' ? authApp.appPort : 0}/readyz`);
    assert.equal(healthy.status, 200);
    assert.deepEqual(Object.keys(((await healthy.json()) as { checks: object }).checks).sort(), ['kafka', 'postgres', 'redis']);
  });
});
