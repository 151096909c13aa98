/**
 * Sends pushes, each to one device, and deals with what FCM answers: a dead token is pruned, a
 * transient failure goes to the retry topic with a growing delay, and after the last try (or a
 * permanent refusal) the job goes to the dead-letter topic with its reason. Nothing is dropped
 * without a trace, and a claim per (message, device) keeps any path from sending twice.
 *
 * Each push is claimed just before it is sent, one at a time: a crash then leaves at most one
 * claim whose send may not have left (per partition), as before batching. A redelivery skips a
 * fresh claim, so a push that left is never sent twice. Successful sends are recorded together
 * at the end: until then their claims stay `sending`, which a redelivery skips too, rightly.
 */
import { claimDelivery, claimRetry, deliveryKey, settleDeliveries, type Settlement } from '../store/delivery-repository.ts';
import { deleteDevicesByToken } from '../store/device-repository.ts';
import { deadLetterTopic, retryTopic, type DeadLetter, type PushJob } from '../events/push-job.ts';
import type { PushOutcome } from '../providers/push-sender.ts';
import type { NotificationContext } from './notification-context.ts';

/** A claim still `sending` after this long belongs to a crashed attempt and may be taken over. */
const staleClaimMs = 30_000;

export type DeliveryOutcome = 'sent' | 'pruned' | 'retrying' | 'dead' | 'skipped';
/** How many pushes ended which way; `skipped` were already claimed by another attempt. */
export type DeliveryTally = Record<DeliveryOutcome, number>;

const claim = (context: NotificationContext, job: PushJob): Promise<boolean> => (job.attempt === 1 ? claimDelivery(context.pool, job, staleClaimMs) : claimRetry(context.pool, job.messageId, job.token));

const send = (context: NotificationContext, job: PushJob): Promise<PushOutcome> =>
  context.push.send({ token: job.token, title: job.kind === 'summary' ? 'Lynk' : 'New message', body: job.body, collapseKey: job.roomId, data: { roomId: job.roomId, messageId: job.messageId, kind: job.kind } });

async function publish(context: NotificationContext, topic: string, key: string, value: object): Promise<void> {
  await context.producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(value) }] });
}

/** A push that did not go through: recorded at once, so a crash cannot leave it unanswered. */
async function settleFailure(context: NotificationContext, job: PushJob, answer: Exclude<PushOutcome, { status: 'sent' }>): Promise<Exclude<DeliveryOutcome, 'sent' | 'skipped'>> {
  const settle = (state: Settlement['state']) => settleDeliveries(context.pool, [{ messageId: job.messageId, token: job.token, state, attempt: job.attempt, error: answer.reason }]);
  if (answer.status === 'invalid-token') {
    await deleteDevicesByToken(context.pool, [job.token]);
    await settle('pruned');
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

export async function deliverPushes(context: NotificationContext, jobs: readonly PushJob[], heartbeat: () => Promise<void> = async () => undefined): Promise<DeliveryTally> {
  // The same push twice in one call (a replayed event) is one claim.
  const unique = [...new Map(jobs.map((job) => [deliveryKey(job), job])).values()];
  const tally: DeliveryTally = { sent: 0, pruned: 0, retrying: 0, dead: 0, skipped: 0 };
  const sent: Settlement[] = [];
  for (const job of unique) {
    if (!(await claim(context, job))) {
      tally.skipped++;
      continue;
    }
    const answer = await send(context, job);
    if (answer.status === 'sent') {
      sent.push({ messageId: job.messageId, token: job.token, state: 'sent', attempt: job.attempt });
      tally.sent++;
    } else tally[await settleFailure(context, job, answer)]++;
    await heartbeat();
  }
  await settleDeliveries(context.pool, sent);
  return tally;
}
