/**
 * Bench users seated in public rooms: signs users up through the edge and fills rooms of
 * `roomSize` (the first member creates the room, the others join), each request from its
 * user's own client address.
 */
import { signUp, type SignedInUser } from '../../test/support/auth-users.ts';
import { callEdge } from '../../test/support/edge-client.ts';
import { uniqueName } from '../../test/support/stack.ts';
import { clientAddress } from './client-addresses.ts';
import { inBatches } from './in-batches.ts';

export interface BenchRoom {
  id: string;
  members: SignedInUser[];
}

export interface SeatedUsers {
  users: SignedInUser[];
  rooms: BenchRoom[];
}

export async function signUpSeatedUsers(userCount: number, roomSize: number, displayName: string): Promise<SeatedUsers> {
  const users = await inBatches(userCount, 25, (index) => signUp(`${displayName} ${index}`, undefined, { localAddress: clientAddress(index) }));
  const rooms: BenchRoom[] = [];
  for (let start = 0; start < users.length; start += roomSize) {
    const members = users.slice(start, start + roomSize);
    const created = await callEdge<{ id: string }>('POST', '/api/rooms', {
      token: members[0]!.accessToken,
      json: { name: uniqueName('bench'), visibility: 'public', maxMembers: roomSize },
      localAddress: clientAddress(start),
    });
    if (created.status !== 201) throw new Error(`creating a bench room answered ${created.status}: ${created.text}`);
    const joined = await Promise.all(members.slice(1).map((member, offset) => callEdge('POST', `/api/rooms/${created.body.id}/join`, { token: member.accessToken, localAddress: clientAddress(start + offset + 1) })));
    const refused = joined.find((reply) => reply.status >= 300);
    if (refused) throw new Error(`joining a bench room answered ${refused.status}: ${refused.text}`);
    rooms.push({ id: created.body.id, members });
  }
  return { users, rooms };
}
