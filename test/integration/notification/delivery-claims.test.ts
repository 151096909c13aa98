/**
 * The claim rules that keep a push from going out twice, on the service's own tables: a first
 * attempt is claimed once; a retry takes the delivery back only from an earlier attempt, so a
 * retry that Kafka redelivers after it went out sends nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { claimDelivery, claimRetry, settleDeliveries } from '../../../services/notification/src/store/delivery-repository.ts';
import { withPostgres } from '../../support/clients.ts';
import { credentials } from '../../support/stack.ts';

const asNotification = <T>(work: Parameters<typeof withPostgres<T>>[3]) => withPostgres(credentials().postgres.runtimes.notification, 'notification', 'notification', work);

describe('push delivery claims', () => {
  it('a first attempt is claimed once, and a claim that left is never taken over', async () => {
    await asNotification(async (db) => {
      const delivery = { messageId: randomUUID(), token: `claims-${randomUUID()}`, userId: randomUUID() };
      assert.equal(await claimDelivery(db, delivery), true);
      assert.equal(await claimDelivery(db, delivery), false, 'a redelivered event');
      await db.query("UPDATE push_deliveries SET updated_at = now() - interval '1 hour' WHERE message_id = $1", [delivery.messageId]);
      assert.equal(await claimDelivery(db, delivery), false, 'an old `sending` claim means the push left');
    });
  });

  it('a retry takes over from the attempt before it, once; a redelivered retry sends nothing', async () => {
    await asNotification(async (db) => {
      const delivery = { messageId: randomUUID(), token: `claims-${randomUUID()}`, userId: randomUUID() };
      assert.equal(await claimDelivery(db, delivery), true);
      await settleDeliveries(db, [{ ...delivery, state: 'retrying', attempt: 1, error: 'unavailable' }]);
      assert.equal(await claimRetry(db, { ...delivery, attempt: 2 }), true, 'the scheduled retry');
      assert.equal(await claimRetry(db, { ...delivery, attempt: 2 }), false, 'the same retry redelivered while its push is out');
      // Attempt 2 failed too, but died before marking itself `retrying`; its retry still goes.
      assert.equal(await claimRetry(db, { ...delivery, attempt: 3 }), true);
      await settleDeliveries(db, [{ ...delivery, state: 'sent', attempt: 3 }]);
      assert.equal(await claimRetry(db, { ...delivery, attempt: 4 }), false, 'a delivery that went out is done');
    });
  });
});
