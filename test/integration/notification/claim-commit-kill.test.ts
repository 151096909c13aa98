/**
 * A claim lane's COMMIT, once written, holds even if the process is SIGKILLed that instant: the
 * claim of a push that left must be durable without the process living on. That is so too when
 * the COMMIT was held in the kernel and never released. A claim never committed dies with its
 * connection, so a redelivery may send that push.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { claimDelivery } from '../../../services/notification/src/store/delivery-repository.ts';
import { withPostgres } from '../../support/clients.ts';
import { runToExit } from '../../support/run-to-exit.ts';
import { credentials } from '../../support/stack.ts';
import type { DieAt } from './fixtures/claim-then-die.ts';

const script = fileURLToPath(new URL('./fixtures/claim-then-die.ts', import.meta.url));

const claimThenDie = (messageId: string, token: string, dieAt: DieAt) => runToExit(script, [messageId, token, randomUUID(), dieAt]);

/**
 * Whether a redelivery could claim the push now, as the service would: the claim waits for the
 * dead connection's transaction to end (Postgres ends it with the connection), then wins only if
 * no claim was committed.
 */
async function redeliveryCanClaim(messageId: string, token: string): Promise<boolean> {
  return withPostgres(credentials().postgres.runtimes.notification, 'notification', 'notification', async (client) => {
    await client.query("SET statement_timeout = '15s'");
    await client.query('BEGIN');
    try {
      return await claimDelivery(client, { messageId, token, userId: randomUUID() });
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

describe('a claim lane killed mid-claim', () => {
  it('keeps the claim, every time, when killed right after writing COMMIT', async () => {
    for (let run = 0; run < 5; run++) {
      const messageId = randomUUID();
      const token = `claim-kill-${run}`;
      const { signal, output } = await claimThenDie(messageId, token, 'committed');
      assert.equal(signal, 'SIGKILL', output.trim());
      assert.equal(await redeliveryCanClaim(messageId, token), false, `run ${run}: the committed claim holds`);
    }
  });

  it('keeps the claim, every time, when killed with its COMMIT held in the kernel', async () => {
    for (let run = 0; run < 5; run++) {
      const messageId = randomUUID();
      const token = `claim-kill-held-${run}`;
      const { signal, output } = await claimThenDie(messageId, token, 'held');
      assert.equal(signal, 'SIGKILL', output.trim());
      assert.equal(await redeliveryCanClaim(messageId, token), false, `run ${run}: the held COMMIT reached Postgres as the process died`);
    }
  });

  it('loses the claim when killed before COMMIT', async () => {
    const messageId = randomUUID();
    const { signal, output } = await claimThenDie(messageId, 'claim-kill-uncommitted', 'claimed');
    assert.equal(signal, 'SIGKILL', output.trim());
    assert.equal(await redeliveryCanClaim(messageId, 'claim-kill-uncommitted'), true);
  });
});
