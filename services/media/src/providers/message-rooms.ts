/**
 * Message owns rooms and memberships; media asks it over the mesh, through its own sidecar, on
 * message's `/internal/` routes (only media's SPIFFE ID may call them). node:http rather than
 * fetch, so the OpenTelemetry http instrumentation carries the trace into message.
 */
import { Agent, request } from 'node:http';
import { mediaErrors } from '../domain/media-errors.ts';
import type { RoomRole } from '../domain/room-role.ts';

export interface MessageRooms {
  /** The user's role in the room, or undefined for a non-member (or a room that does not exist). */
  roleOf(roomId: string, userId: string): Promise<RoomRole | undefined>;
  /** Lets message accept this upload as an attachment, from this uploader, in this room only. */
  registerUpload(upload: { uploadId: string; roomId: string; uploaderId: string }): Promise<void>;
  /** Message forgets those of `uploadIds` no message references, and returns them: they are orphans. */
  releaseUnreferenced(uploadIds: readonly string[]): Promise<string[]>;
}

interface JsonReply {
  status: number;
  body: unknown;
}

export function messageRoomsOverMesh(baseUrl: string, options: { timeoutMs?: number } = {}): MessageRooms {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const timeoutMs = options.timeoutMs ?? 5000;

  function call(method: string, path: string, body?: unknown): Promise<JsonReply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        new URL(path, baseUrl),
        { method, agent, timeout: timeoutMs, headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) } },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            try {
              resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
          response.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`message did not answer ${method} ${path} within ${timeoutMs} ms`)));
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  async function callOrUnavailable(method: string, path: string, body?: unknown): Promise<JsonReply> {
    try {
      return await call(method, path, body);
    } catch (error) {
      throw mediaErrors.create('MEDIA_ROOMS_UNAVAILABLE', error instanceof Error ? error.message : undefined);
    }
  }

  const unexpected = (what: string, reply: JsonReply) => mediaErrors.create('MEDIA_ROOMS_UNAVAILABLE', `${what}: message answered ${reply.status}`);

  return {
    async roleOf(roomId, userId) {
      const reply = await callOrUnavailable('GET', `/internal/rooms/${encodeURIComponent(roomId)}/members/${encodeURIComponent(userId)}`);
      if (reply.status === 404) return undefined;
      if (reply.status !== 200) throw unexpected('membership check', reply);
      return (reply.body as { role: RoomRole }).role;
    },
    async registerUpload(upload) {
      const reply = await callOrUnavailable('POST', '/internal/uploads', upload);
      if (reply.status !== 204) throw unexpected('upload registration', reply);
    },
    async releaseUnreferenced(uploadIds) {
      if (uploadIds.length === 0) return [];
      const reply = await callOrUnavailable('POST', '/internal/uploads/release', { uploadIds });
      if (reply.status !== 200) throw unexpected('orphan release', reply);
      return (reply.body as { released: string[] }).released;
    },
  };
}
