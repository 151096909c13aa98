import type { Queryable } from '@lynk/common/store';

export type DeliveryState = 'sending' | 'sent' | 'retrying' | 'dead' | 'pruned';

/** The push of one message to one device. */
export interface DeliveryKey {
  messageId: string;
  token: string;
}

export const deliveryKey = (delivery: DeliveryKey) => `${delivery.messageId}/${delivery.token}`;

/** A statement that claims one delivery: it changes one row when the claim is won, none when not. */
export interface ClaimQuery {
  text: string;
  values: unknown[];
}

/**
 * Claims the first attempt at the push of one message to one device. Only the first claim wins, so
 * a redelivered event or a retry that raced the original never sends twice. The claim is committed
 * only as its push leaves (claim-lane.ts), so a committed `sending` claim means the push left:
 * it is never taken over.
 */
export function firstClaim(delivery: DeliveryKey & { userId: string }): ClaimQuery {
  return {
    text: `INSERT INTO push_deliveries (message_id, token, user_id, state, attempts) VALUES ($1, $2, $3, 'sending', 1)
     ON CONFLICT (message_id, token) DO NOTHING`,
    values: [delivery.messageId, delivery.token, delivery.userId],
  };
}

/**
 * Attempt `attempt` takes its delivery back from the attempt before it, which scheduled it. That
 * one may have died before marking itself `retrying`, so `sending` counts too; but only an earlier
 * attempt's, so a retry redelivered after it went out is never sent again.
 */
export function retryClaim(delivery: DeliveryKey & { attempt: number }): ClaimQuery {
  return {
    text: "UPDATE push_deliveries SET state = 'sending', attempts = $3, updated_at = now() WHERE message_id = $1 AND token = $2 AND state IN ('retrying', 'sending') AND attempts < $3::int",
    values: [delivery.messageId, delivery.token, delivery.attempt],
  };
}

const claimed = async (db: Queryable, query: ClaimQuery): Promise<boolean> => (await db.query(query.text, query.values)).rowCount === 1;

/** Takes a first attempt's claim (`firstClaim`); true when it was won. */
export const claimDelivery = (db: Queryable, delivery: DeliveryKey & { userId: string }) => claimed(db, firstClaim(delivery));

/** Takes a retry's claim (`retryClaim`); true when it was won. */
export const claimRetry = (db: Queryable, delivery: DeliveryKey & { attempt: number }) => claimed(db, retryClaim(delivery));

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
