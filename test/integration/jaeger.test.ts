import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { getOverSocket, jaegerQuery, operatorSocketPath } from '../../mesh/src/launcher/operator-sockets.ts';
import { throughSidecar, uniqueName } from '../support/stack.ts';

describe('jaeger: accepts OTLP and answers its query API', () => {
  it('a span a service sends over OTLP/HTTP through its sidecar can be found by its trace id', async () => {
    const otlp = throughSidecar('message', 'jaeger');
    const traceId = randomBytes(16).toString('hex');
    const serviceName = uniqueName('lynk-test');
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
          scopeSpans: [
            {
              spans: [
                { traceId, spanId: randomBytes(8).toString('hex'), name: 'integration-test', kind: 1, startTimeUnixNano: String(nowNs - 5_000_000n), endTimeUnixNano: String(nowNs) },
              ],
            },
          ],
        },
      ],
    };
    const sent = await fetch(`http://${otlp.host}:${otlp.port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(sent.status, 200);

    // The batch processor flushes within about a second.
    let found: { data: Array<{ spans: Array<{ operationName: string }> }> } | undefined;
    for (let attempt = 0; attempt < 40 && !found; attempt += 1) {
      const response = await getOverSocket(operatorSocketPath('jaeger'), `/api/traces/${traceId}`);
      if (response.status === 200) found = JSON.parse(response.body) as typeof found;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(found, 'trace is queryable');
    assert.equal(found.data[0]?.spans[0]?.operationName, 'integration-test');
    const services = await jaegerQuery<{ data: string[] }>('services');
    assert.ok(services.data.includes(serviceName));
  });
});
