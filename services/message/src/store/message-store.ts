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
  /** True once any reply names this message as its parent. */
  hasReplies: boolean;
}

const selectColumns = 'room_id, id, author_id, client_msg_id, body, reply_to, attachments, mentions, created_at, edited_at, deleted_at, has_replies';

/**
 * Erased cells are deleted with a timestamp no normal write reaches, so an edit racing a delete
 * (or an erasure) can never bring a body back.
 */
const erasedForever = 'USING TIMESTAMP 4611686018427387904';

type BatchQuery = { query: string; params: unknown[] };

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
    hasReplies: row.get('has_replies') === true,
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
  /** Replaces the body (and its mentions) and queues the event, in one logged batch. */
  edit(message: StoredMessage, change: { body: string; mentions: string[]; editedAt: Date }, bucketSeconds: number, event: QueuedEvent): Promise<void>;
  /** Leaves a tombstone: the row stays for threads and paging, its body and attachments are gone. */
  erase(message: Pick<StoredMessage, 'roomId' | 'id'>, deletedAt: Date, bucketSeconds: number, event: QueuedEvent | undefined): Promise<void>;
  /** Replies to `parentId`, oldest first, after the reply id `after`. */
  threadReplies(roomId: string, parentId: string, bucketSeconds: number, page: { after?: string; limit: number }): Promise<StoredMessage[]>;
  /** How many replies each of these messages has; only asks for those with `hasReplies`. */
  replyCounts(roomId: string, parents: readonly StoredMessage[]): Promise<Map<string, number>>;
  /** Every message a person wrote, by room: what erasing them walks. */
  authoredBy(authorId: string): AsyncIterable<{ roomId: string; id: string }>;
  /** Drops the author index once every message in it is erased. */
  forgetAuthor(authorId: string): Promise<void>;
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

  async function findMessage(roomId: string, messageId: string, bucketSeconds: number): Promise<StoredMessage | undefined> {
    const result = await client.execute(`SELECT ${selectColumns} FROM messages WHERE room_id = ? AND bucket = ? AND id = ?`, [roomId, bucketOfMessage(messageId, bucketSeconds), messageId], {
      prepare: true,
    });
    // A delete racing ahead of its insert could leave a row with only a tombstone's columns.
    const row = result.rows[0];
    return row && row.get('author_id') != null ? toMessage(row) : undefined;
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
      queries.push({ query: 'INSERT INTO messages_by_author (author_id, room_id, id) VALUES (?, ?, ?)', params: [message.authorId, message.roomId, message.id] });
      if (message.replyTo) {
        queries.push({ query: 'INSERT INTO thread_replies (room_id, parent_id, id) VALUES (?, ?, ?)', params: [message.roomId, message.replyTo, message.id] });
        queries.push({ query: 'UPDATE messages SET has_replies = true WHERE room_id = ? AND bucket = ? AND id = ?', params: [message.roomId, bucketOfMessage(message.replyTo, bucketSeconds), message.replyTo] });
      }
      // The index entry only needs writing once per bucket; the caller remembers which it wrote.
      if (!options.knownBucket) queries.push({ query: 'INSERT INTO room_buckets (room_id, bucket) VALUES (?, ?)', params: [message.roomId, bucket] });
      await client.batch(queries, { prepare: true, logged: true, readTimeout: options.timeoutMs });
    },

    async edit(message, change, bucketSeconds, event) {
      await client.batch(
        [
          {
            query: 'UPDATE messages SET body = ?, mentions = ?, edited_at = ? WHERE room_id = ? AND bucket = ? AND id = ?',
            params: [change.body, change.mentions, change.editedAt, message.roomId, bucketOfMessage(message.id, bucketSeconds), message.id],
          },
          outboxInsert(event),
        ],
        { prepare: true, logged: true },
      );
    },

    async erase(message, deletedAt, bucketSeconds, event) {
      const address = [message.roomId, bucketOfMessage(message.id, bucketSeconds), message.id];
      const queries: BatchQuery[] = [
        { query: 'UPDATE messages SET deleted_at = ? WHERE room_id = ? AND bucket = ? AND id = ?', params: [deletedAt, ...address] },
        { query: `DELETE body, attachments, mentions FROM messages ${erasedForever} WHERE room_id = ? AND bucket = ? AND id = ?`, params: address },
      ];
      if (event) queries.push(outboxInsert(event));
      await client.batch(queries, { prepare: true, logged: true });
    },

    async threadReplies(roomId, parentId, bucketSeconds, page) {
      const result = await client.execute(
        page.after ? 'SELECT id FROM thread_replies WHERE room_id = ? AND parent_id = ? AND id > ? LIMIT ?' : 'SELECT id FROM thread_replies WHERE room_id = ? AND parent_id = ? LIMIT ?',
        page.after ? [roomId, parentId, page.after, page.limit] : [roomId, parentId, page.limit],
        { prepare: true },
      );
      const replies = await Promise.all(result.rows.map((row) => findMessage(roomId, String(row.get('id')), bucketSeconds)));
      return replies.filter((reply): reply is StoredMessage => reply !== undefined);
    },

    async replyCounts(roomId, parents) {
      const counted = await Promise.all(
        parents
          .filter((parent) => parent.hasReplies)
          .map(async (parent) => {
            const result = await client.execute('SELECT COUNT(*) AS replies FROM thread_replies WHERE room_id = ? AND parent_id = ?', [roomId, parent.id], { prepare: true });
            return [parent.id, Number(result.rows[0]?.get('replies') ?? 0)] as const;
          }),
      );
      return new Map(counted);
    },

    async forgetAuthor(authorId) {
      await client.execute('DELETE FROM messages_by_author WHERE author_id = ?', [authorId], { prepare: true });
    },

    async *authoredBy(authorId) {
      let pageState: string | undefined;
      do {
        const result = await client.execute('SELECT room_id, id FROM messages_by_author WHERE author_id = ?', [authorId], { prepare: true, fetchSize: 500, ...(pageState ? { pageState } : {}) });
        for (const row of result.rows) yield { roomId: String(row.get('room_id')), id: String(row.get('id')) };
        pageState = result.pageState ?? undefined;
      } while (pageState);
    },

    find: findMessage,

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
