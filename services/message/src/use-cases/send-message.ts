/**
 * The send path: checks, a durable write, and only then the acknowledgement, the live fan-out
 * and the event. A retried clientMsgId returns the message stored the first time.
 */
import { v7 as uuidv7 } from 'uuid';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { validateMessageBody } from '../domain/message-body.ts';
import { messageErrors } from '../domain/message-errors.ts';
import { bucketOfMessage, uuidv7Time } from '../domain/time-bucket.ts';
import type { StoredMessage } from '../store/message-store.ts';
import type { MessageContext } from './message-context.ts';
import { messageView, messageViews, type MessageView } from './message-view.ts';
import { queuedRoomEvent } from './queued-event.ts';
import { resolveMentions } from './resolve-mentions.ts';
import { directPeerOf } from '../store/direct-conversation-repository.ts';
import { assertNoBlockBetween } from './direct-conversations.ts';
import { requireOwnAttachments } from './own-attachments.ts';
import { requireMembership } from './room-access.ts';
import type { SendPermission } from './send-permission-cache.ts';

export interface SendMessageInput {
  roomId: string;
  clientMsgId: string;
  body: string;
  replyTo?: string;
  attachments?: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function consumeSendAllowance(context: MessageContext, senderId: string): Promise<void> {
  try {
    await context.sendLimiter.consume(senderId);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) messageErrors.raise('MESSAGE_RATE_LIMITED', undefined, { retryAfterMs: rejection.msBeforeNext });
    throw rejection;
  }
}

/** The message a previous send with this clientMsgId stored, waiting briefly if that send is still writing. */
async function previouslyStored(context: MessageContext, senderId: string, input: SendMessageInput, bucketSeconds: number): Promise<StoredMessage | undefined> {
  for (let attempt = 0; attempt < 12; attempt++) {
    const claim = await context.clientMessageIds.claim(senderId, input.clientMsgId);
    if (claim.status === 'claimed') return undefined;
    if (claim.status === 'stored') {
      if (claim.roomId !== input.roomId) messageErrors.raise('MESSAGE_CLIENT_ID_REUSED');
      const stored = await context.messages.find(claim.roomId, claim.messageId, bucketSeconds);
      if (stored) return stored;
      messageErrors.raise('MESSAGE_STORE_UNAVAILABLE', 'the earlier send with this clientMsgId could not be read back');
    }
    await sleep(150);
  }
  messageErrors.raise('MESSAGE_STORE_UNAVAILABLE', 'an earlier send with this clientMsgId is still being stored; retry');
}

/** Rejects once `ms` pass, without cancelling `work`: its outcome is still handled when it settles. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the message store within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function sendPermissionFromStore(context: MessageContext, roomId: string, senderId: string): Promise<SendPermission> {
  const lookedUpAt = Date.now();
  const { room } = await requireMembership(context.pool, roomId, senderId);
  if (room.kind === 'direct') {
    const peerId = await directPeerOf(context.pool, room.id, senderId);
    if (peerId) await assertNoBlockBetween(context, senderId, peerId);
  }
  const permission = { roomId: room.id, bucketSeconds: room.bucketSeconds };
  context.sendPermissions.remember(senderId, permission, lookedUpAt);
  return permission;
}

/** Whether `userId` may post in the room now (members only), remembered briefly. */
export async function sendPermissionOf(context: MessageContext, roomId: string, userId: string): Promise<SendPermission> {
  return context.sendPermissions.get(roomId, userId) ?? (await sendPermissionFromStore(context, roomId, userId));
}

export async function sendMessage(context: MessageContext, senderId: string, input: SendMessageInput): Promise<{ message: MessageView; duplicate: boolean }> {
  await consumeSendAllowance(context, senderId);
  const body = validateMessageBody(input.body);
  const room = await sendPermissionOf(context, input.roomId, senderId);
  if (input.replyTo && !(await context.messages.find(room.roomId, input.replyTo, room.bucketSeconds))) messageErrors.raise('MESSAGE_NOT_FOUND', 'replyTo is not a message of this room');
  const mentions = await resolveMentions(context, room.roomId, body);
  const attachments = await requireOwnAttachments(context, senderId, room.roomId, input.attachments ?? []);

  const earlier = await previouslyStored(context, senderId, input, room.bucketSeconds);
  if (earlier) return { message: (await messageViews(context, room.roomId, [earlier]))[0]!, duplicate: true };

  const id = uuidv7();
  const message: StoredMessage = {
    id,
    roomId: room.roomId,
    authorId: senderId,
    clientMsgId: input.clientMsgId,
    body,
    replyTo: input.replyTo ?? null,
    attachments,
    mentions,
    createdAt: new Date(uuidv7Time(id)),
    editedAt: null,
    deletedAt: null,
    hasReplies: false,
  };
  const view = messageView(message);
  const queued = queuedRoomEvent('message.created', room.roomId, {
    messageId: message.id,
    roomId: room.roomId,
    authorId: senderId,
    body,
    replyTo: message.replyTo,
    attachments: message.attachments,
    mentions: message.mentions,
    createdAt: view.createdAt,
  });

  const bucket = bucketOfMessage(message.id, room.bucketSeconds);
  const write = context.messages.insert(message, room.bucketSeconds, queued, { timeoutMs: context.config.MESSAGE_STORE_TIMEOUT_MS, knownBucket: context.indexedBuckets.get(room.roomId) === bucket });
  // However the deadline goes, the claim follows the write's real outcome, so a retry never duplicates.
  const settled = write.then(
    async () => {
      context.indexedBuckets.set(room.roomId, bucket);
      await context.clientMessageIds.recordStored(senderId, input.clientMsgId, room.roomId, message.id);
    },
    async (error: unknown) => {
      context.logger.warn({ err: error, roomId: room.roomId }, 'message not stored');
      await context.clientMessageIds.release(senderId, input.clientMsgId);
    },
  );
  try {
    await withDeadline(write, context.config.MESSAGE_STORE_TIMEOUT_MS);
  } catch (error) {
    messageErrors.raise('MESSAGE_STORE_UNAVAILABLE', error instanceof Error ? error.message : undefined);
  }
  await settled.catch((error: unknown) => context.logger.warn({ err: error }, 'clientMsgId outcome not recorded'));

  context.live.messageCreated(view);
  void context.publisher.publishStored(queued);
  return { message: view, duplicate: false };
}
