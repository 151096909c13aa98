import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../../mesh/policy.ts';
import { postgresClient } from '../support/clients.ts';
import { mtlsAttempt } from '../support/mtls-client.ts';
import { currentSvid } from '../support/current-svid.ts';
import { credentials } from '../support/stack.ts';
import { issueTestSvid } from '../support/test-svid.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SVID rotation', () => {
  it('a pooled Postgres connection keeps working across two rotations, and new connections see the new certificate', { timeout: 900_000 }, async (t) => {
    const postgres = policy.workload('postgres');
    const observer = await issueTestSvid(policy.workload('auth').spiffeId, 900);
    const client = postgresClient(credentials().postgres.runtimes.auth, 'auth', 'auth');
    await client.connect();
    try {
      const backendPid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const first = await currentSvid('postgres');
      const serials: string[] = [first.serial];
      t.diagnostic(`postgres sidecar serial at start: ${first.serial}`);
      // The running stack's lifetime (LYNK_SVID_TTL may override the policy's); rotation is at about half.
      const svidTtlMs = first.expires.getTime() - first.validFrom.getTime();
      const deadline = Date.now() + Math.min(3.5 * svidTtlMs, 14 * 60_000) + 30_000;
      while (serials.length < 3 && Date.now() < deadline) {
        await sleep(2000);
        // The long-lived connection: same backend, still answering.
        const row = (await client.query('SELECT pg_backend_pid() AS pid, 1 AS one')).rows[0];
        assert.equal(row.pid, backendPid, 'the pooled connection was never replaced');
        const { serial } = await currentSvid('postgres');
        if (serial !== serials.at(-1)) {
          serials.push(serial);
          t.diagnostic(`postgres sidecar rotated to serial ${serial}`);
          // A new connection handshakes with the new certificate.
          const fresh = await mtlsAttempt(policy.inboundPort(postgres), { cert: observer.cert, key: observer.key, ca: observer.bundle }, postgres.spiffeId);
          assert.equal(fresh.outcome, 'established');
          assert.equal(fresh.peerSerial, serial, 'a new handshake presents the rotated certificate');
          const second = postgresClient(credentials().postgres.runtimes.auth, 'auth', 'auth');
          await second.connect();
          assert.equal((await second.query('SELECT 1 AS one')).rows[0].one, 1);
          await second.end();
        }
      }
      assert.ok(serials.length >= 3, `saw ${serials.length - 1} rotation(s) of the postgres sidecar's SVID: ${serials.join(' -> ')}`);
    } finally {
      await client.end();
      await observer.revoke();
    }
  });
});
