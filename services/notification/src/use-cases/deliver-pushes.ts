/**
 * Sends pushes, each to one device, and deals with what FCM answers: a dead token is pruned, a
 * transient failure goes to the retry topic with a growing delay, and after the last try (or a
 * permanent refusal) the job goes to the dead-letter topic with its reason. Nothing is dropped
 * without a trace, and a claim per (message, device) keeps any path from sending twice.
 *
 * Pushes go out in lanes side by side (PUSH_SENDS_AT_ONCE), a device's pushes in one lane, in
 * order, each lane on one connection. Each claim is held in its own transaction and committed just
 * before its push is handed to the OS, in the same synchronous step, the COMMIT held in the kernel
 * until the push is written (store/claim-lane.ts, providers/request-departure.ts): a crash before
 * that leaves no claim, so the redelivery sends the push; a crash after leaves a claim, so the
 * redelivery skips it. The next push's claim rides in the same round trip as the COMMIT. Successful
 * sends are recorded together at the end: until then their claims stay `sending`, which means
 * "left" and which a redelivery skips, rightly.
 */
import type { Queryable } from '@lynk/common/store';
import { deviceLanes } from '../domain/device-lanes.ts';
import { withClaimLane, type ClaimLane, type NextClaim } from '../store/claim-lane.ts';
import { deliveryKey, firstClaim, retryClaim, settleDeliveries, type ClaimQuery, type Settlement } from '../store/delivery-repository.ts';
import { deleteDevicesByToken } from '../store/device-repository.ts';
import { deadLetterTopic, retryTopic, type DeadLetter, type PushJob } from '../events/push-job.ts';
import type { PushOutcome } from '../providers/push-sender.ts';
import type { Departed } from '../providers/request-departure.ts';
import type { NotificationContext } from './notification-context.ts';

export type DeliveryOutcome = 'sent' | 'pruned' | 'retrying' | 'dead' | 'skipped';
/** How many pushes ended which way; `skipped` were already claimed by another attempt. */
export type DeliveryTally = Record<DeliveryOutcome, number>;

const claimOf = (job: PushJob): ClaimQuery => (job.attempt === 1 ? firstClaim(job) : retryClaim(job));

const send = (context: NotificationContext, job: PushJob, departed: Departed): Promise<PushOutcome> =>
  context.push.send({ token: job.token, title: job.kind === 'summary' ? 'Lynk' : 'New message', body: job.body, collapseKey: job.roomId, data: { roomId: job.roomId, messageId: job.messageId, kind: job.kind } }, departed);

async function publish(context: NotificationContext, topic: string, key: string, value: object): Promise<void> {
  await context.producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(value) }] });
}

/** A push that did not go through: recorded at once, on the lane's connection, so a crash cannot leave it unanswered. */
async function settleFailure(context: NotificationContext, lane: ClaimLane, job: PushJob, answer: Exclude<PushOutcome, { status: 'sent' }>): Promise<Exclude<DeliveryOutcome, 'sent' | 'skipped'>> {
  const settleOn = (db: Queryable, state: Settlement['state']) => settleDeliveries(db, [{ messageId: job.messageId, token: job.token, state, attempt: job.attempt, error: answer.reason }]);
  const settle = (state: Settlement['state']) => lane.inTransaction((db) => settleOn(db, state));
  if (answer.status === 'invalid-token') {
    // The dead token and its delivery's outcome in one transaction.
    await lane.inTransaction(async (db) => {
      await deleteDevicesByToken(db, [job.token]);
      await settleOn(db, 'pruned');
    });
    context.logger.info({ userId: job.userId, reason: answer.reason }, 'pruned a push token FCM no longer accepts');
    return 'pruned';
  }
  if (answer.status === 'retry' && job.attempt < context.config.PUSH_MAX_ATTEMPTS) {
    const next: PushJob = { ...job, attempt: job.attempt + 1, notBefore: Date.now() + context.config.PUSH_RETRY_BASE_MS * 2 ** (job.attempt - 1) };
    // Published before the delivery is marked, so a crash in between leaves a retry that can still claim it.
    await publish(context, retryTopic, job.token, next);
    await settle('retrying');
    return 'retrying';
  }
  const letter: DeadLetter = { job, reason: answer.reason, failedAt: new Date().toISOString() };
  await publish(context, deadLetterTopic, job.token, letter);
  await settle('dead');
  context.logger.warn({ userId: job.userId, messageId: job.messageId, attempts: job.attempt, reason: answer.reason }, 'push dead-lettered');
  return 'dead';
}

/**
 * Sends one push claimed on `lane` (or skips it, `won` false) and answers for it; `sent` is
 * recorded by the caller, with the others of its call. The COMMIT that makes this push's claim
 * durable also takes the claim of `next`, the lane's next push, whose outcome it returns.
 */
async function deliverOne(context: NotificationContext, lane: ClaimLane, job: PushJob, won: boolean, next: PushJob | undefined): Promise<{ outcome: DeliveryOutcome; nextWon: NextClaim }> {
  const nextClaim = next && claimOf(next);
  // A lost claim's transaction still ends, and with it the lock it takes on the winner's row.
  if (!won) return { outcome: 'skipped', nextWon: await lane.commit(nextClaim) };
  let committed: Promise<NextClaim> | undefined;
  const answer = await send(context, job, () => {
    const held = lane.commitHeld(nextClaim);
    committed = held.committed;
    return held.release;
  });
  // A push that failed before it left still keeps its claim: its failure is recorded next.
  const nextWon = await (committed ?? lane.commit(nextClaim));
  if (answer.status === 'sent') return { outcome: 'sent', nextWon };
  // The next claim is dropped (its push has not left) so that it is not committed with this
  // failure's record; it is taken again after.
  await lane.rollback();
  return { outcome: await settleFailure(context, lane, job, answer), nextWon: undefined };
}

export async function deliverPushes(context: NotificationContext, jobs: readonly PushJob[], heartbeat: () => Promise<void> = async () => undefined): Promise<DeliveryTally> {
  // The same push twice in one call (a replayed event) is one claim.
  const unique = [...new Map(jobs.map((job) => [deliveryKey(job), job])).values()];
  const tally: DeliveryTally = { sent: 0, pruned: 0, retrying: 0, dead: 0, skipped: 0 };
  const sent: Settlement[] = [];
  const lanes = await Promise.allSettled(
    deviceLanes(unique, context.config.PUSH_SENDS_AT_ONCE).map((pushes) =>
      withClaimLane(context.pool, async (lane) => {
        let won: NextClaim;
        for (const [index, job] of pushes.entries()) {
          won ??= await lane.claim(claimOf(job));
          const delivered = await deliverOne(context, lane, job, won, pushes[index + 1]);
          if (delivered.outcome === 'sent') sent.push({ messageId: job.messageId, token: job.token, state: 'sent', attempt: job.attempt });
          tally[delivered.outcome]++;
          won = delivered.nextWon;
          await heartbeat();
        }
      }),
    ),
  );
  // Every lane has stopped before the call fails, so a replay never races a lane still sending.
  await settleDeliveries(context.pool, sent);
  const failed = lanes.find((lane) => lane.status === 'rejected');
  if (failed) throw failed.reason;
  return tally;
}
