import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../policy.ts';
import { edgeConfig } from '../src/mesh/edge-config.ts';
import { sidecarConfig } from '../src/mesh/envoy-config.ts';

interface RouteEntry {
  name?: string;
  route?: { cluster: string; timeout?: string; idle_timeout?: string };
}

/** Every forwarding route of a config, by listener name (the edge's by route name). */
function routesOf(config: object): Map<string, RouteEntry['route']> {
  const found = new Map<string, RouteEntry['route']>();
  const walk = (node: unknown, listener: string) => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, listener));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const name = typeof record.name === 'string' && 'address' in record ? record.name : listener;
    if ('route' in record && typeof (record as RouteEntry).route?.cluster === 'string') found.set((record as RouteEntry).name ?? name, (record as RouteEntry).route);
    for (const value of Object.values(record)) walk(value, name);
  };
  walk(config, '');
  return found;
}

describe('large media transfers are not cut by a total deadline', () => {
  it('the edge streams /api/media with only an idle limit; other routes keep their deadline', () => {
    const routes = routesOf(edgeConfig(policy));
    assert.deepEqual(routes.get('media_api_media'), { cluster: 'to_media', timeout: '0s', idle_timeout: '120s' });
    assert.equal(routes.get('message_api_rooms')?.timeout, '60s');
  });

  it("media's sidecar (inbound, and out to MinIO) and MinIO's inbound stream with only an idle limit", () => {
    const media = routesOf(sidecarConfig(policy, policy.workload('media')));
    assert.deepEqual(media.get('inbound'), { cluster: 'local_workload', timeout: '0s', idle_timeout: '60s' });
    assert.deepEqual(media.get('to_minio'), { cluster: 'to_minio', timeout: '0s', idle_timeout: '60s' });
    assert.equal(media.get('to_message')?.timeout, '60s', 'membership checks keep their deadline');
    assert.equal(routesOf(sidecarConfig(policy, policy.workload('minio'))).get('inbound')?.timeout, '0s');
    assert.equal(routesOf(sidecarConfig(policy, policy.workload('auth'))).get('inbound')?.timeout, '60s');
  });
});
