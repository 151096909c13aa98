import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { describe, it } from 'node:test';
import { getOverSocket, operatorSocketPath } from '../../mesh/src/launcher/operator-sockets.ts';
import { readStackStatus, type ProcessStatus } from '../../mesh/src/launcher/status.ts';
import { callEdge } from '../support/edge-client.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const statusOf = (name: string): ProcessStatus => {
  const found = readStackStatus()?.processes.find((entry) => entry.name === name);
  if (!found?.pid) throw new Error(`${name} is not running`);
  return found;
};
const networkOf = (pid: number | 'self') => readlinkSync(`/proc/${pid}/ns/net`);

/** Waits until every one of `names` runs a pid other than its old one and is ready. */
async function allBackWithNewPids(oldPids: Map<string, number>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = [...oldPids.keys()].map((name) => readStackStatus()?.processes.find((entry) => entry.name === name));
    if (statuses.every((entry, index) => entry?.state === 'ready' && entry.pid !== undefined && entry.pid !== [...oldPids.values()][index])) return;
    if (Date.now() > deadline) throw new Error(`not all back: ${JSON.stringify(statuses.map((entry) => [entry?.name, entry?.state, entry?.pid]))}`);
    await sleep(250);
  }
}

describe("a store's network namespace holder crashes", () => {
  it('Jaeger and its sidecar follow the new namespace, and traces reach Jaeger again', { timeout: 180_000 }, async () => {
    const names = ['netns-jaeger', 'jaeger', 'sidecar-jaeger'];
    const oldPids = new Map(names.map((name) => [name, statusOf(name).pid!]));

    process.kill(oldPids.get('netns-jaeger')!, 'SIGKILL');
    await allBackWithNewPids(oldPids, 150_000);

    const network = networkOf(statusOf('netns-jaeger').pid!);
    assert.notEqual(network, networkOf('self'), 'the new namespace is not the host');
    assert.equal(networkOf(statusOf('jaeger').pid!), network, 'Jaeger lives in the new namespace');
    assert.equal(networkOf(statusOf('sidecar-jaeger').pid!), network, "Jaeger's sidecar lives in the new namespace");

    // A request through the edge, traced by the edge's Envoy, is found in Jaeger: the whole export path works.
    const traceId = randomBytes(16).toString('hex');
    const response = await callEdge('GET', '/api/auth/openapi.json', { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
    assert.equal(response.status, 200);
    let found = 0;
    for (let attempt = 0; attempt < 80 && found === 0; attempt++) {
      const trace = await getOverSocket(operatorSocketPath('jaeger'), `/api/traces/${traceId}`);
      if (trace.status === 200) found = (JSON.parse(trace.body) as { data: { spans: unknown[] }[] }).data[0]?.spans.length ?? 0;
      if (found === 0) await sleep(250);
    }
    assert.ok(found > 0, 'the trace reached Jaeger');
  });
});
