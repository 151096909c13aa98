/**
 * Sends one push to one device and deals with what FCM answers: a dead token is pruned, a
 * transient failure goes to the retry topic with a growing delay, and after the last try (or a
 * permanent refusal) the job goes to the dead-letter topic with its reason. Nothing is dropped
 * without a trace, and a claim per (message, device) keeps any path from sending twice.
 */
import { claimDelivery, claimRetry, settleDelivery } from '../store/delivery-repository.ts';
import { deleteDeviceByToken } from '../store/device-repository.ts';
import { deadLetterTopic, retryTopic, type DeadLetter, type PushJob } from '../events/push-job.ts';
import type { NotificationContext } from './notification-context.ts';

/** A claim still `sending` after this long belongs to a crashed attempt and may be taken over. */
const staleClaimMs = 30_000;

async function publish(context: NotificationContext, topic: string, key: string, value: object): Promise<void> {
  await context.producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(value) }] });
}

export async function deliverPush(context: NotificationContext, job: PushJob): Promise<'sent' | 'pruned' | 'retrying' | 'dead' | 'skipped'> {
  const claimed = job.attempt === 1 ? await claimDelivery(context.pool, job, staleClaimMs) : await claimRetry(context.pool, job.messageId, job.token);
  if (!claimed) return 'skipped';
  const outcome = await context.push.send({
    token: job.token,
    title: job.kind === 'summary' ? 'Lynk' : 'New message',
    body: job.body,
    collapseKey: job.roomId,
    data: { roomId: job.roomId, messageId: job.messageId, kind: job.kind },
  });
  if (outcome.status === 'sent') {
    await settleDelivery(context.pool, job.messageId, job.token, 'sent', { attempt: job.attempt });
    return 'sent';
  }
  if (outcome.status === 'invalid-token') {
    await deleteDeviceByToken(context.pool, job.token);
    await settleDelivery(context.pool, job.messageId, job.token, 'pruned', { attempt: job.attempt, error: outcome.reason });
    context.logger.info({ userId: job.userId, reason: outcome.reason }, 'pruned a push token FCM no longer accepts');
    return 'pruned';
  }
  if (outcome.status === 'retry' && job.attempt < context.config.PUSH_MAX_ATTEMPTS) {
    const next: PushJob = { ...job, attempt: job.attempt + 1, notBefore: Date.now() + context.config.PUSH_RETRY_BASE_MS * 2 ** (job.attempt - 1) };
    // Published before the delivery is marked, so a crash in between leaves a retry that can still claim it.
    await publish(context, retryTopic, job.token, next);
    await settleDelivery(context.pool, job.messageId, job.token, 'retrying', { attempt: job.attempt, error: outcome.reason });
    return 'retrying';
  }
  const letter: DeadLetter = { job, reason: outcome.reason, failedAt: new Date().toISOString() };
  await publish(context, deadLetterTopic, job.token, letter);
  await settleDelivery(context.pool, job.messageId, job.token, 'dead', { attempt: job.attempt, error: outcome.reason });
  context.logger.warn({ userId: job.userId, messageId: job.messageId, attempts: job.attempt, reason: outcome.reason }, 'push dead-lettered');
  return 'dead';
}
