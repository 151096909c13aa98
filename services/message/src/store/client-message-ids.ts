/**
 * Remembers which message each (sender, clientMsgId) produced, so a retried send returns the
 * stored message instead of storing a second one. The claim is taken before the write and
 * released if the write fails, so a failed send can be retried with the same id.
 */
import type { Redis } from 'ioredis';

export type ClientMessageClaim =
  | { status: 'claimed' }
  | { status: 'stored'; roomId: string; messageId: string }
  /** Another send with the same id is still being written. */
  | { status: 'pending' };

const pendingMarker = 'pending';
/** Retries arrive within minutes; a day covers reconnects after a long outage. */
const rememberSeconds = 24 * 3600;

const keyOf = (senderId: string, clientMsgId: string) => `message:client-msg:${senderId}:${clientMsgId}`;

export interface ClientMessageIds {
  claim(senderId: string, clientMsgId: string): Promise<ClientMessageClaim>;
  recordStored(senderId: string, clientMsgId: string, roomId: string, messageId: string): Promise<void>;
  release(senderId: string, clientMsgId: string): Promise<void>;
}

export function redisClientMessageIds(redis: Redis): ClientMessageIds {
  return {
    async claim(senderId, clientMsgId) {
      const key = keyOf(senderId, clientMsgId);
      // A pending claim expires soon, so a crash between claim and write never blocks the id for a day.
      const previous = await redis.set(key, pendingMarker, 'EX', 30, 'NX', 'GET');
      if (previous === null) return { status: 'claimed' };
      if (previous === pendingMarker) return { status: 'pending' };
      const [roomId, messageId] = previous.split('/');
      return { status: 'stored', roomId: roomId ?? '', messageId: messageId ?? '' };
    },
    async recordStored(senderId, clientMsgId, roomId, messageId) {
      await redis.set(keyOf(senderId, clientMsgId), `${roomId}/${messageId}`, 'EX', rememberSeconds);
    },
    async release(senderId, clientMsgId) {
      const key = keyOf(senderId, clientMsgId);
      // Only our own pending claim is released, never a stored result.
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, key, pendingMarker);
    },
  };
}
