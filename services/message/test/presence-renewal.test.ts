/**
 * Presence renewal runs one at a time: while Redis is slow, ticks that come due are skipped
 * rather than piling up renewals (and their connection lists) in memory; a failed renewal is
 * logged and the next tick tries again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '@lynk/common';
import type { DeviceStatus } from '../src/domain/presence-status.ts';
import type { PresenceStore } from '../src/store/presence-store.ts';
import { startPresenceTracker } from '../src/socket/presence-tracker.ts';
import type { ChatServer } from '../src/socket/socket-types.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `done` to hold, generously: a loaded machine may run timers late. */
async function eventually(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    assert.ok(Date.now() < deadline, what);
    await sleep(5);
  }
}

type Renewal = readonly { userId: string; connectionId: string; status: DeviceStatus }[];

/** A presence store whose renewals finish only when the test says so. */
function slowPresenceStore() {
  const pending: { connections: Renewal; finish: (error?: Error) => void }[] = [];
  const store: PresenceStore = {
    up: async () => ({ before: 'offline', after: 'online' }),
    down: async () => ({ before: 'online', after: 'offline' }),
    renew: (connections) => new Promise<void>((resolve, reject) => pending.push({ connections, finish: (error) => (error ? reject(error) : resolve()) })),
    statuses: async () => new Map(),
  };
  return { store, pending };
}

const serverWith = (userIds: string[]) =>
  ({ of: () => ({ sockets: new Map(userIds.map((userId, index) => [`socket-${index}`, { id: `socket-${index}`, data: { userId } }])) }) }) as unknown as ChatServer;

describe('presence renewal', () => {
  it('never starts a renewal while the last one is still waiting on Redis', async () => {
    const { store, pending } = slowPresenceStore();
    const tracker = startPresenceTracker(serverWith(['ada', 'bo']), store, createLogger('message', { level: 'silent' }), { renewEveryMs: 10 });
    try {
      await sleep(120);
      assert.equal(pending.length, 1, 'about ten ticks came due, one renewal is under way');
      assert.deepEqual(pending[0]!.connections.map((connection) => connection.userId), ['ada', 'bo']);
      pending[0]!.finish();
      await eventually(() => pending.length === 2, 'the next tick renews again once the first is done');
      await sleep(60);
      assert.equal(pending.length, 2, 'and again only one at a time');
    } finally {
      tracker.stop();
    }
  });

  it('logs a failed renewal and renews again at the next tick', async () => {
    const { store, pending } = slowPresenceStore();
    const warnings: string[] = [];
    const logger = createLogger('message', { level: 'warn', destination: { write: (line: string) => warnings.push((JSON.parse(line) as { msg: string }).msg) } });
    const tracker = startPresenceTracker(serverWith(['ada']), store, logger, { renewEveryMs: 10 });
    try {
      await eventually(() => pending.length === 1, 'a renewal started');
      pending[0]!.finish(new Error('redis timed out'));
      await eventually(() => pending.length === 2, 'renewal resumed after the failure');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /presence renewal failed/);
    } finally {
      tracker.stop();
    }
  });
});
