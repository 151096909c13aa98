/**
 * Direct messages: a conversation is a room of kind `direct` with its two people as members, so
 * it uses the same message pipeline, history, receipts and typing as any room. There is exactly
 * one per pair: the pair's row in `direct_conversations` is claimed in the transaction that
 * creates the room, and a racing second open finds the first one's room.
 */
import { v7 as uuidv7 } from 'uuid';
import { inTransaction } from '@lynk/common/store';
import { messageErrors } from '../domain/message-errors.ts';
import { blockBetween } from '../store/block-repository.ts';
import { claimDirectPair, directConversationsOf, findDirectRoomId, orderedPair } from '../store/direct-conversation-repository.ts';
import { insertMember } from '../store/member-repository.ts';
import { findRoom, insertRoom, takeSeat } from '../store/room-repository.ts';
import { listMyRooms, type MyRoomView } from './list-rooms.ts';
import type { MessageContext } from './message-context.ts';
import { queueRoomEvent } from './room-events.ts';

export interface DirectConversationView extends MyRoomView {
  peerId: string;
}

/** Refuses when either person blocked the other: blocked people cannot reach whoever blocked them. */
export async function assertNoBlockBetween(context: MessageContext, userId: string, peerId: string): Promise<void> {
  const { aBlockedB, bBlockedA } = await blockBetween(context.pool, userId, peerId);
  if (bBlockedA) messageErrors.raise('DM_BLOCKED');
  if (aBlockedB) messageErrors.raise('DM_BLOCKED', 'you blocked this person; unblock them first');
}

/** The conversation of the pair: found, or created with both people as members. Returns its room id. */
export async function openDirectConversation(context: MessageContext, userId: string, peerId: string): Promise<{ roomId: string; created: boolean }> {
  if (userId === peerId) messageErrors.raise('DM_SELF');
  await assertNoBlockBetween(context, userId, peerId);
  const existing = await findDirectRoomId(context.pool, userId, peerId);
  if (existing) return { roomId: existing, created: false };

  const roomId = uuidv7();
  const [low, high] = orderedPair(userId, peerId);
  const created = await inTransaction(context.pool, async (db) => {
    if (!(await claimDirectPair(db, userId, peerId, roomId))) return false;
    await insertRoom(db, { id: roomId, kind: 'direct', name: '', nameKey: `DM:${low}:${high}`, description: '', visibility: 'private', maxMembers: 2, bucketSeconds: context.config.MESSAGE_BUCKET_SECONDS, createdBy: userId });
    await queueRoomEvent(db, 'room.created', roomId, { roomId, kind: 'direct', name: '', description: '', visibility: 'private', maxMembers: 2, ownerId: userId });
    for (const member of [userId, peerId]) {
      await takeSeat(db, roomId);
      await insertMember(db, roomId, member, 'member');
      await queueRoomEvent(db, 'room.member.joined', roomId, { roomId, userId: member, role: 'member', via: 'created', actorId: userId });
    }
    return true;
  });
  if (!created) return { roomId: (await findDirectRoomId(context.pool, userId, peerId))!, created: false };
  void context.roomEvents.flush();
  context.live.memberJoined(roomId, userId);
  context.live.memberJoined(roomId, peerId);
  return { roomId, created: true };
}

export async function viewDirectConversation(context: MessageContext, userId: string, roomId: string): Promise<DirectConversationView> {
  const conversation = (await listDirectConversations(context, userId)).find((candidate) => candidate.id === roomId);
  if (!conversation) {
    // Only reachable when the room vanished between open and view (an erased account).
    if (!(await findRoom(context.pool, roomId))) messageErrors.raise('ROOM_NOT_FOUND');
    messageErrors.raise('ROOM_NOT_MEMBER');
  }
  return conversation;
}

/** My direct conversations, newest first, with the other person and my unread count. */
export async function listDirectConversations(context: MessageContext, userId: string): Promise<DirectConversationView[]> {
  const [pairs, rooms] = await Promise.all([directConversationsOf(context.pool, userId), listMyRooms(context, userId, { kind: 'direct' })]);
  const roomById = new Map(rooms.map((room) => [room.id, room]));
  return pairs.flatMap(({ roomId, peerId }) => {
    const room = roomById.get(roomId);
    return room ? [{ ...room, peerId }] : [];
  });
}
