/**
 * A claim lane on the real store, through the notification sidecar with the service's own login:
 * a COMMIT held in the kernel lands only once released, and the next push's claim rides in the
 * COMMIT's round trip but is durable only with the COMMIT after it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { withClaimLane } from '../../../services/notification/src/store/claim-lane.ts';
import { firstClaim } from '../../../services/notification/src/store/delivery-repository.ts';
import { postgresClient } from '../../support/clients.ts';
import { credentials, throughSidecar } from '../../support/stack.ts';

describe('a claim lane', () => {
  const login = () => credentials().postgres.runtimes.notification;
  let pool: pg.Pool;
  let observer: pg.Client;
  /** Whether a claim for `messageId` is committed, as any other connection sees it. */
  const committed = async (messageId: string) => (await observer.query('SELECT 1 FROM push_deliveries WHERE message_id = $1', [messageId])).rowCount === 1;
  const claimOf = (messageId: string) => firstClaim({ messageId, token: 'lane-token', userId: randomUUID() });

  before(async () => {
    pool = new pg.Pool({ ...throughSidecar('notification', 'postgres'), user: login().user, password: login().password, database: 'notification', max: 1 });
    observer = postgresClient(login(), 'notification', 'notification');
    await observer.connect();
  });
  after(async () => {
    await observer.end();
    await pool.end();
  });

  it('commits a held COMMIT only once it is released', async () => {
    // The kernel sends held bytes after 200 ms at the latest, so a look that took longer than
    // that proves nothing; on a stalled machine the look is taken again.
    let seenWhileHeld: boolean | undefined;
    for (let look = 0; look < 3 && seenWhileHeld === undefined; look++) {
      const messageId = randomUUID();
      await withClaimLane(pool, async (lane) => {
        assert.ok(await lane.claim(claimOf(messageId)));
        const heldAt = performance.now();
        const { release, committed: done } = lane.commitHeld();
        // Long enough for a COMMIT sent at once to be applied.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const seen = await committed(messageId);
        if (performance.now() - heldAt < 180) seenWhileHeld = seen;
        release();
        await done;
      });
      assert.equal(await committed(messageId), true, 'committed once released');
    }
    assert.equal(seenWhileHeld, false, 'the claim was not committed while its COMMIT was held');
  });

  it("takes the next push's claim with the COMMIT, durable only with the COMMIT after it", async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await withClaimLane(pool, async (lane) => {
      assert.equal(await lane.claim(claimOf(first)), true);
      assert.equal(await lane.commit(claimOf(second)), true, 'the next claim was won');
      assert.deepEqual([await committed(first), await committed(second)], [true, false]);
      assert.equal(await lane.commit(), undefined);
      assert.equal(await committed(second), true);
    });
  });

  it('says when the next claim was lost, and drops a claim whose push never left on rollback', async () => {
    const [taken, dropped] = [randomUUID(), randomUUID()];
    await withClaimLane(pool, async (lane) => {
      assert.equal(await lane.claim(claimOf(taken)), true);
      assert.equal(await lane.commit(claimOf(taken)), false, 'a claim already committed is lost');
      assert.equal(await lane.commit(claimOf(dropped)), true);
      await lane.rollback();
      await lane.commit();
    });
    assert.equal(await committed(dropped), false);
    await withClaimLane(pool, async (lane) => assert.equal(await lane.claim(claimOf(dropped)), true, 'the dropped claim can be taken again'));
  });

  it('writes claim values into the shared round trip safely', async () => {
    const messageId = randomUUID();
    const token = "it's; DROP TABLE push_deliveries; --";
    await withClaimLane(pool, async (lane) => {
      assert.equal(await lane.claim(claimOf(randomUUID())), true);
      assert.equal(await lane.commit(firstClaim({ messageId, token, userId: randomUUID() })), true);
      await lane.commit();
    });
    assert.deepEqual((await observer.query('SELECT token FROM push_deliveries WHERE message_id = $1', [messageId])).rows, [{ token }]);
  });
});
