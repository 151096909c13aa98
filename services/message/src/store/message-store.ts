/**
 * Chat messages in Cassandra, partitioned by (room, time bucket). A new message, its bucket's
 * index entry and its outbox event go in one logged batch: stored means its event is queued.
 */
import type cassandraDriver from 'cassandra-driver';
import { bucketOfMessage } from '../domain/time-bucket.ts';
import type { QueuedEvent } from './event-outbox.ts';
import { outboxInsert } from './event-outbox.ts';

export interface StoredMessage {
  id: string;
  roomId: string;
  authorId: string;
  clientMsgId: string;
  body: string;
  replyTo: string | null;
  attachments: string[];
  mentions: string[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

const selectColumns = 'room_id, id, author_id, client_msg_id, body, reply_to, attachments, mentions, created_at, edited_at, deleted_at';

function toMessage(row: cassandraDriver.types.Row): StoredMessage {
  const uuidOrNull = (value: unknown) => (value == null ? null : String(value));
  return {
    id: String(row.get('id')),
    roomId: String(row.get('room_id')),
    authorId: String(row.get('author_id')),
    clientMsgId: String(row.get('client_msg_id') ?? ''),
    body: String(row.get('body') ?? ''),
    replyTo: uuidOrNull(row.get('reply_to')),
    attachments: ((row.get('attachments') as unknown[] | null) ?? []).map(String),
    mentions: ((row.get('mentions') as string[] | null) ?? []).map(String),
    createdAt: row.get('created_at') as Date,
    editedAt: (row.get('edited_at') as Date | null) ?? null,
    deletedAt: (row.get('deleted_at') as Date | null) ?? null,
  };
}

export interface HistoryQuery {
  roomId: string;
  bucketSeconds: number;
  /** Exclusive cursors; without either, the newest messages. */
  before?: string;
  after?: string;
  limit: number;
}

export interface MessageStore {
  /** Resolves once Cassandra has the message durably (commit log fsynced), or rejects. */
  insert(message: StoredMessage, bucketSeconds: number, event: QueuedEvent, options: { timeoutMs: number; knownBucket: boolean }): Promise<void>;
  find(roomId: string, messageId: string, bucketSeconds: number): Promise<StoredMessage | undefined>;
  /** Newest first for `before` (or none); oldest first for `after`. */
  page(query: HistoryQuery): Promise<StoredMessage[]>;
  /** Messages after `afterId` (all when null), counted up to `cap`. */
  countAfter(roomId: string, bucketSeconds: number, afterId: string | null, cap: number): Promise<number>;
}

export function cassandraMessageStore(client: cassandraDriver.Client): MessageStore {
  const insertMessage = `INSERT INTO messages (room_id, bucket, id, author_id, client_msg_id, body, reply_to, attachments, mentions, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

  /** Buckets of a room holding messages, newest first (or oldest first), starting at `from`. */
  async function buckets(roomId: string, from: number | undefined, direction: 'older' | 'newer'): Promise<number[]> {
    const query =
      from === undefined
        ? 'SELECT bucket FROM room_buckets WHERE room_id = ?'
        : direction === 'older'
          ? 'SELECT bucket FROM room_buckets WHERE room_id = ? AND bucket <= ?'
          : 'SELECT bucket FROM room_buckets WHERE room_id = ? AND bucket >= ? ORDER BY bucket ASC';
    const params = from === undefined ? [roomId] : [roomId, from];
    const result = await client.execute(query, params, { prepare: true, fetchSize: 1000 });
    const found = result.rows.map((row) => Number(row.get('bucket')));
    return direction === 'newer' && from === undefined ? found.reverse() : found;
  }

  async function sliceOf(roomId: string, bucket: number, bound: { before?: string; after?: string }, limit: number): Promise<StoredMessage[]> {
    let query = `SELECT ${selectColumns} FROM messages WHERE room_id = ? AND bucket = ?`;
    const params: unknown[] = [roomId, bucket];
    if (bound.before) {
      query += ' AND id < ?';
      params.push(bound.before);
    }
    if (bound.after) {
      query += ' AND id > ? ORDER BY id ASC';
      params.push(bound.after);
    }
    query += ' LIMIT ?';
    params.push(limit);
    const result = await client.execute(query, params, { prepare: true });
    return result.rows.map(toMessage);
  }

  return {
    async insert(message, bucketSeconds, event, options) {
      const bucket = bucketOfMessage(message.id, bucketSeconds);
      const queries = [
        {
          query: insertMessage,
          params: [message.roomId, bucket, message.id, message.authorId, message.clientMsgId, message.body, message.replyTo, message.attachments, message.mentions, message.createdAt],
        },
        outboxInsert(event),
      ];
      // The index entry only needs writing once per bucket; the caller remembers which it wrote.
      if (!options.knownBucket) queries.push({ query: 'INSERT INTO room_buckets (room_id, bucket) VALUES (?, ?)', params: [message.roomId, bucket] });
      await client.batch(queries, { prepare: true, logged: true, readTimeout: options.timeoutMs });
    },

    async find(roomId, messageId, bucketSeconds) {
      const result = await client.execute(`SELECT ${selectColumns} FROM messages WHERE room_id = ? AND bucket = ? AND id = ?`, [roomId, bucketOfMessage(messageId, bucketSeconds), messageId], {
        prepare: true,
      });
      return result.rows[0] ? toMessage(result.rows[0]) : undefined;
    },

    async page(query) {
      const found: StoredMessage[] = [];
      if (query.after) {
        for (const bucket of await buckets(query.roomId, bucketOfMessage(query.after, query.bucketSeconds), 'newer')) {
          found.push(...(await sliceOf(query.roomId, bucket, { after: query.after, ...(query.before ? { before: query.before } : {}) }, query.limit - found.length)));
          if (found.length >= query.limit) break;
        }
        return found;
      }
      const start = query.before ? bucketOfMessage(query.before, query.bucketSeconds) : undefined;
      for (const bucket of await buckets(query.roomId, start, 'older')) {
        found.push(...(await sliceOf(query.roomId, bucket, query.before ? { before: query.before } : {}, query.limit - found.length)));
        if (found.length >= query.limit) break;
      }
      return found;
    },

    async countAfter(roomId, bucketSeconds, afterId, cap) {
      let counted = 0;
      const from = afterId ? bucketOfMessage(afterId, bucketSeconds) : undefined;
      const bucketList = from === undefined ? (await buckets(roomId, undefined, 'older')) : await buckets(roomId, from, 'newer');
      for (const bucket of bucketList) {
        const result = await client.execute(
          afterId ? 'SELECT id FROM messages WHERE room_id = ? AND bucket = ? AND id > ? LIMIT ?' : 'SELECT id FROM messages WHERE room_id = ? AND bucket = ? LIMIT ?',
          afterId ? [roomId, bucket, afterId, cap - counted] : [roomId, bucket, cap - counted],
          { prepare: true },
        );
        counted += result.rowLength;
        if (counted >= cap) return cap;
      }
      return counted;
    },
  };
}
