import type { Queryable } from '@lynk/common/store';

export type DeliveryState = 'sending' | 'sent' | 'retrying' | 'dead' | 'pruned';

/** The push of one message to one device. */
export interface DeliveryKey {
  messageId: string;
  token: string;
}

export const deliveryKey = (delivery: DeliveryKey) => `${delivery.messageId}/${delivery.token}`;

/**
 * Claims the push of one message to one device. Only the first claim wins, so a redelivered
 * event or a retry that raced the original never sends twice. A claim left in `sending` by a
 * crash is taken over after `staleAfterMs`: the send may or may not have left, and a possible
 * duplicate beats a certain loss.
 */
export async function claimDelivery(db: Queryable, delivery: DeliveryKey & { userId: string }, staleAfterMs: number): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO push_deliveries (message_id, token, user_id, state) VALUES ($1, $2, $3, 'sending')
     ON CONFLICT (message_id, token) DO UPDATE SET state = 'sending', updated_at = now()
       WHERE push_deliveries.state = 'sending' AND push_deliveries.updated_at < now() - make_interval(secs => $4::double precision / 1000)`,
    [delivery.messageId, delivery.token, delivery.userId, staleAfterMs],
  );
  return result.rowCount === 1;
}

/**
 * A retry takes its delivery back. `sending` too: the attempt that scheduled this retry may have
 * died before marking itself `retrying`. Settled states mean another attempt already finished it.
 */
export async function claimRetry(db: Queryable, messageId: string, token: string): Promise<boolean> {
  const result = await db.query("UPDATE push_deliveries SET state = 'sending', updated_at = now() WHERE message_id = $1 AND token = $2 AND state IN ('retrying', 'sending')", [messageId, token]);
  return result.rowCount === 1;
}

export interface Settlement extends DeliveryKey {
  state: Exclude<DeliveryState, 'sending'>;
  attempt: number;
  error?: string;
}

/** Records how each attempt ended, in one statement. */
export async function settleDeliveries(db: Queryable, settlements: readonly Settlement[]): Promise<void> {
  if (settlements.length === 0) return;
  await db.query(
    `UPDATE push_deliveries d SET state = t.state, attempts = t.attempt, last_error = t.error, updated_at = now()
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[]) AS t(message_id, token, state, attempt, error)
     WHERE d.message_id = t.message_id AND d.token = t.token`,
    [settlements.map((s) => s.messageId), settlements.map((s) => s.token), settlements.map((s) => s.state), settlements.map((s) => s.attempt), settlements.map((s) => s.error ?? null)],
  );
}

export async function deleteDeliveriesOf(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM push_deliveries WHERE user_id = $1', [userId]);
}
