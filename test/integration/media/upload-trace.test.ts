/**
 * An upload is one trace down to MinIO's sidecar: its tracer exports the S3 hop, while the MinIO
 * server behind it still has no way to call anything.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { policy } from '../../../mesh/policy.ts';
import { envoyAdminGet } from '../../../mesh/src/launcher/envoy-admin.ts';
import { getOverSocket, operatorSocketPath } from '../../../mesh/src/launcher/operator-sockets.ts';
import { signUp } from '../../support/auth-users.ts';
import { edgeBinaryRequest, multipartFile } from '../../support/media-client.ts';
import { createRoom } from '../../support/rooms.ts';

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  references: { refType: string; spanID: string }[];
}
interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const serviceOf = (trace: JaegerTrace, span: JaegerSpan) => trace.processes[span.processID]!.serviceName;

/** Polls Jaeger until the trace has a span from every one of `services`, or gives up after 15 s. */
async function traceWith(traceId: string, services: string[]): Promise<JaegerTrace> {
  let last: JaegerTrace | undefined;
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await getOverSocket(operatorSocketPath('jaeger'), `/api/traces/${traceId}`);
    if (response.status === 200) {
      last = (JSON.parse(response.body) as { data: JaegerTrace[] }).data[0];
      if (last && services.every((service) => last!.spans.some((span) => serviceOf(last!, span) === service))) return last;
    }
    await sleep(250);
  }
  throw new Error(`trace ${traceId} never reached ${services.join(', ')}: ${JSON.stringify(last?.spans.map((span) => `${serviceOf(last!, span)}: ${span.operationName}`))}`);
}

describe('media upload trace', () => {
  it("the upload's trace holds MinIO's sidecar hop, a child of media's sidecar", async () => {
    const owner = await signUp('Traced uploader');
    const room = await createRoom(owner);
    const traceId = randomBytes(16).toString('hex');
    const body = multipartFile({ name: 'notes.txt', bytes: Buffer.from('a traced upload\n') });
    const reply = await edgeBinaryRequest('POST', `/api/media/rooms/${room.id}/uploads`, {
      token: owner.accessToken,
      headers: { 'content-type': body.contentType, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body,
    });
    assert.equal(reply.status, 201, reply.body.toString('utf8'));

    const trace = await traceWith(traceId, ['edge', 'media-sidecar', 'media', 'minio-sidecar']);
    const byId = new Map(trace.spans.map((span) => [span.spanID, span]));
    const minioIngress = trace.spans.filter((span) => serviceOf(trace, span) === 'minio-sidecar' && span.operationName === 'ingress');
    assert.ok(minioIngress.length >= 1, 'MinIO sidecar records its inbound S3 request');
    for (const span of minioIngress) {
      const parent = byId.get(span.references[0]?.spanID ?? '');
      assert.equal(parent && serviceOf(trace, parent), 'media-sidecar', "the S3 hop's parent is media's sidecar egress");
    }
  });

  it('the MinIO sidecar has no listener the MinIO server could call out through', async () => {
    const minio = policy.workload('minio');
    assert.ok(policy.targetsOf(minio).every((allowance) => allowance.sidecarOnly), 'MinIO reaches only what its sidecar itself uses');
    const listeners = JSON.parse((await envoyAdminGet(minio, '/listeners?format=json')).body) as { listener_statuses: Array<{ name: string }> };
    assert.deepEqual(listeners.listener_statuses.map((listener) => listener.name).sort(), ['inbound', 'operator']);
  });
});
