/**
 * Reactions in Cassandra: one row per (message, emoji, person), so adding the same reaction twice
 * is the same write. A per-person index row in the same batch lets erasure find them all.
 */
import type cassandraDriver from 'cassandra-driver';
import { outboxInsert, type QueuedEvent } from './event-outbox.ts';

export interface ReactionSummary {
  emoji: string;
  count: number;
  /** Who reacted, in the order Cassandra keeps them (by user id). */
  userIds: string[];
}

export interface ReactionStore {
  add(reaction: { roomId: string; messageId: string; emoji: string; userId: string }, event: QueuedEvent | undefined): Promise<void>;
  remove(reaction: { roomId: string; messageId: string; emoji: string; userId: string }, event: QueuedEvent | undefined): Promise<void>;
  /** Everyone who reacted with `emoji` on one message. */
  usersOf(roomId: string, messageId: string, emoji: string): Promise<string[]>;
  /** The reactions of several messages of one room, by message id, in one query. */
  summaries(roomId: string, messageIds: readonly string[]): Promise<Map<string, ReactionSummary[]>>;
  /** Every reaction a person made: what erasing them walks. */
  madeBy(userId: string): AsyncIterable<{ roomId: string; messageId: string; emoji: string }>;
}

export function cassandraReactionStore(client: cassandraDriver.Client): ReactionStore {
  return {
    async add(reaction, event) {
      const queries: { query: string; params: unknown[] }[] = [
        {
          query: 'INSERT INTO reactions (room_id, message_id, emoji, user_id, reacted_at) VALUES (?, ?, ?, ?, ?)',
          params: [reaction.roomId, reaction.messageId, reaction.emoji, reaction.userId, new Date()],
        },
        { query: 'INSERT INTO reactions_by_user (user_id, room_id, message_id, emoji) VALUES (?, ?, ?, ?)', params: [reaction.userId, reaction.roomId, reaction.messageId, reaction.emoji] },
      ];
      if (event) queries.push(outboxInsert(event));
      await client.batch(queries, { prepare: true, logged: true });
    },

    async remove(reaction, event) {
      const queries: { query: string; params: unknown[] }[] = [
        { query: 'DELETE FROM reactions WHERE room_id = ? AND message_id = ? AND emoji = ? AND user_id = ?', params: [reaction.roomId, reaction.messageId, reaction.emoji, reaction.userId] },
        { query: 'DELETE FROM reactions_by_user WHERE user_id = ? AND room_id = ? AND message_id = ? AND emoji = ?', params: [reaction.userId, reaction.roomId, reaction.messageId, reaction.emoji] },
      ];
      if (event) queries.push(outboxInsert(event));
      await client.batch(queries, { prepare: true, logged: true });
    },

    async usersOf(roomId, messageId, emoji) {
      const result = await client.execute('SELECT user_id FROM reactions WHERE room_id = ? AND message_id = ? AND emoji = ?', [roomId, messageId, emoji], { prepare: true, fetchSize: 5000 });
      return result.rows.map((row) => String(row.get('user_id')));
    },

    async summaries(roomId, messageIds) {
      const byMessage = new Map<string, ReactionSummary[]>();
      if (messageIds.length === 0) return byMessage;
      const result = await client.execute('SELECT message_id, emoji, user_id FROM reactions WHERE room_id = ? AND message_id IN ?', [roomId, messageIds], { prepare: true, fetchSize: 5000 });
      for (const row of result.rows) {
        const messageId = String(row.get('message_id'));
        const emoji = String(row.get('emoji'));
        const list = byMessage.get(messageId) ?? [];
        let summary = list.find((entry) => entry.emoji === emoji);
        if (!summary) {
          summary = { emoji, count: 0, userIds: [] };
          list.push(summary);
          byMessage.set(messageId, list);
        }
        summary.count++;
        summary.userIds.push(String(row.get('user_id')));
      }
      return byMessage;
    },

    async *madeBy(userId) {
      let pageState: string | undefined;
      do {
        const result = await client.execute('SELECT room_id, message_id, emoji FROM reactions_by_user WHERE user_id = ?', [userId], { prepare: true, fetchSize: 500, ...(pageState ? { pageState } : {}) });
        for (const row of result.rows) yield { roomId: String(row.get('room_id')), messageId: String(row.get('message_id')), emoji: String(row.get('emoji')) };
        pageState = result.pageState ?? undefined;
      } while (pageState);
    },
  };
}
