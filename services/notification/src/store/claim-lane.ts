/**
 * One connection that claims pushes one after another, each claim in a transaction of its own that
 * is committed just as its push leaves the process (COMMIT written, then the push, in one
 * synchronous step). Killed before, the open transaction dies with the connection and a redelivery
 * sends the push; killed after, the claim is durable and a redelivery skips it. Only the
 * instructions between the two writes are left in doubt, where a claim committed before sending
 * would leave a whole store round trip with a claim and no push.
 *
 * The COMMIT is held in the kernel until the push has been written (`commitHeld`). Sent at once,
 * it wakes the Postgres sidecar, which on a busy machine may run before this process writes the
 * push: a kill then would keep the claim and lose the push. Held, it wakes nobody, and a kill
 * after it still sends it (held-writes.ts).
 */
import type { Socket } from 'node:net';
import type pg from 'pg';
import type { Queryable } from '@lynk/common/store';
import { holdWrites } from './held-writes.ts';

export interface ClaimLane {
  /** Takes a claim with `take` in the lane's open transaction; false when another attempt has it. */
  claim(take: (db: Queryable) => Promise<boolean>): Promise<boolean>;
  /**
   * Commits the last claim's transaction and opens the next in one round trip. The first call
   * writes it at once (node-postgres writes to an idle connection synchronously); later calls get
   * the same promise, so a claim is committed once however often it is asked for.
   */
  commit(): Promise<void>;
  /**
   * Writes the COMMIT as `commit` does but holds it in the kernel until the returned function is
   * called; it still reaches Postgres if the process dies first.
   */
  commitHeld(): () => void;
  /** Runs `work` in a transaction of its own on the lane's connection, and commits it. */
  inTransaction(work: (db: Queryable) => Promise<unknown>): Promise<void>;
}

export async function withClaimLane<T>(pool: pg.Pool, work: (lane: ClaimLane) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let committing: Promise<void> | undefined;
  let broken: Error | undefined;
  const lane: ClaimLane = {
    claim(take) {
      committing = undefined;
      return take(client);
    },
    commit() {
      if (!committing) {
        committing = client.query('COMMIT; BEGIN').then(() => undefined);
        // Awaited by the lane later; until then a failure must not count as unhandled.
        committing.catch(() => undefined);
      }
      return committing;
    },
    commitHeld() {
      const release = holdWrites(client.connection.stream as Socket);
      void lane.commit();
      return release ?? (() => undefined);
    },
    async inTransaction(work) {
      committing = undefined;
      await work(client);
      await lane.commit();
    },
  };
  try {
    await client.query('BEGIN');
    return await work(lane);
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // Ends the spare transaction, or one whose push never left.
    if (!broken) await client.query('ROLLBACK').catch((error: Error) => (broken = error));
    client.release(broken);
  }
}
