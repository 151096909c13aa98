import { callEdge, type EdgeReply } from './edge-client.ts';
import { uniqueName } from './stack.ts';
import type { SignedInUser } from './auth-users.ts';

export interface RoomReply {
  id: string;
  name: string;
  visibility: string;
  maxMembers: number;
  memberCount: number;
}

/** Creates a room through the edge; its name is unique to this test. */
export async function createRoom(owner: SignedInUser, options: { visibility?: 'public' | 'private' | 'invite-only'; maxMembers?: number; name?: string } = {}): Promise<RoomReply> {
  const reply = await callEdge<RoomReply>('POST', '/api/rooms', {
    token: owner.accessToken,
    json: { name: options.name ?? uniqueName('room'), visibility: options.visibility ?? 'public', maxMembers: options.maxMembers ?? 100 },
  });
  if (reply.status !== 201) throw new Error(`create room answered ${reply.status}: ${reply.text}`);
  return reply.body;
}

export function roomCall<T = Record<string, unknown>>(user: SignedInUser, method: string, path: string, json?: unknown): Promise<EdgeReply<T>> {
  return callEdge<T>(method, `/api/rooms${path}`, { token: user.accessToken, ...(json === undefined ? {} : { json }) });
}

export async function joinRoom(user: SignedInUser, roomId: string): Promise<void> {
  const reply = await roomCall(user, 'POST', `/${roomId}/join`);
  if (reply.status !== 200) throw new Error(`join answered ${reply.status}: ${reply.text}`);
}
