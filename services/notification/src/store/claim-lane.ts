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
 *
 * The next push's claim rides in the same round trip as the COMMIT, in the transaction that opens
 * after it, so a push costs one trip to Postgres rather than two.
 */
import type { Socket } from 'node:net';
import type pg from 'pg';
import type { Queryable } from '@lynk/common/store';
import type { ClaimQuery } from './delivery-repository.ts';
import { holdWrites } from './held-writes.ts';

/** Whether the next push was claimed; undefined when there was none to claim. */
export type NextClaim = boolean | undefined;

export interface HeldCommit {
  /** Sends what the kernel holds. */
  release: () => void;
  committed: Promise<NextClaim>;
}

export interface ClaimLane {
  /** Takes a claim in the lane's open transaction; false when another attempt has it. */
  claim(query: ClaimQuery): Promise<boolean>;
  /**
   * Commits the open transaction and opens the next, taking `next`'s claim in it, in one round
   * trip written at once (node-postgres writes to an idle connection synchronously).
   */
  commit(next?: ClaimQuery): Promise<NextClaim>;
  /** As `commit`, but held in the kernel until released; it still reaches Postgres if the process dies first. */
  commitHeld(next?: ClaimQuery): HeldCommit;
  /** Ends the open transaction without committing it, dropping a claim whose push never left. */
  rollback(): Promise<void>;
  /** Runs `work` in a transaction of its own on the lane's connection, and commits it. */
  inTransaction(work: (db: Queryable) => Promise<unknown>): Promise<void>;
}

/** `query` as one statement with its values written in, to go in a multi-statement round trip. */
function inlined(client: pg.PoolClient, query: ClaimQuery): string {
  return query.text.replace(/\$(\d+)/g, (_, index: string) => client.escapeLiteral(String(query.values[Number(index) - 1])));
}

export async function withClaimLane<T>(pool: pg.Pool, work: (lane: ClaimLane) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const lane: ClaimLane = {
    async claim(query) {
      return (await client.query(query)).rowCount === 1;
    },
    commit(next) {
      const committing = next
        ? client.query(`COMMIT; BEGIN; ${inlined(client, next)}`).then((results) => (results as unknown as pg.QueryResult[])[2]!.rowCount === 1)
        : client.query('COMMIT; BEGIN').then(() => undefined);
      // Awaited by the lane later; until then a failure must not count as unhandled.
      committing.catch(() => undefined);
      return committing;
    },
    commitHeld(next) {
      const release = holdWrites(client.connection.stream as Socket) ?? (() => undefined);
      return { release, committed: lane.commit(next) };
    },
    async rollback() {
      await client.query('ROLLBACK; BEGIN');
    },
    async inTransaction(work) {
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
