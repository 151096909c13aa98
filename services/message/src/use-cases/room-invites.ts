import { v7 as uuidv7 } from 'uuid';
import { newInviteCode } from '../domain/invite-code.ts';
import { messageErrors } from '../domain/message-errors.ts';
import { assertCanPerform } from '../domain/room-permissions.ts';
import { insertInvite, listInvites, revokeInvite, type RoomInvite } from '../store/invite-repository.ts';
import type { MessageContext } from './message-context.ts';
import { requireMembership } from './room-access.ts';

export interface InviteView {
  id: string;
  roomId: string;
  code: string;
  expiresAt: string;
  maxUses: number;
  uses: number;
  revoked: boolean;
}

const inviteView = (invite: RoomInvite): InviteView => ({
  id: invite.id,
  roomId: invite.roomId,
  code: invite.code,
  expiresAt: invite.expiresAt.toISOString(),
  maxUses: invite.maxUses,
  uses: invite.uses,
  revoked: invite.revokedAt !== null,
});

export async function createInvite(context: MessageContext, actorId: string, roomId: string, options: { expiresInSeconds: number; maxUses: number }): Promise<InviteView> {
  const { membership } = await requireMembership(context.pool, roomId, actorId);
  assertCanPerform(membership.role, 'manage-invites');
  const invite = await insertInvite(context.pool, {
    id: uuidv7(),
    roomId,
    code: newInviteCode(),
    createdBy: actorId,
    expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000),
    maxUses: options.maxUses,
  });
  return inviteView(invite);
}

export async function listRoomInvites(context: MessageContext, actorId: string, roomId: string): Promise<InviteView[]> {
  const { membership } = await requireMembership(context.pool, roomId, actorId);
  assertCanPerform(membership.role, 'manage-invites');
  return (await listInvites(context.pool, roomId)).map(inviteView);
}

export async function revokeRoomInvite(context: MessageContext, actorId: string, roomId: string, inviteId: string): Promise<void> {
  const { membership } = await requireMembership(context.pool, roomId, actorId);
  assertCanPerform(membership.role, 'manage-invites');
  if (!(await revokeInvite(context.pool, roomId, inviteId))) messageErrors.raise('INVITE_NOT_FOUND');
}
