/**
 * GDPR erasure when auth reports `user.deleted`. Lynk erases rather than anonymises: the person's
 * message bodies, attachments and mentions are deleted (tombstones keep their place, so other
 * people's replies still make sense), their reactions, memberships, read pointers, blocks, bans
 * and direct-conversation pairings are removed. What remains is the bare user id on tombstones
 * and on rooms or invites they created: auth has deleted the only record that maps it to a person.
 * Anonymising would keep the words, and words identify people. Every step is idempotent, so a
 * redelivered event, or one replayed after a crash, finishes the job without harm.
 */
import { inTransaction } from '@lynk/common/store';
import { deleteAttachmentsOf } from '../store/attachment-repository.ts';
import { deleteBansOf } from '../store/ban-repository.ts';
import { deleteBlocksInvolving } from '../store/block-repository.ts';
import { deleteDirectConversationsOf } from '../store/direct-conversation-repository.ts';
import { countOwners, deleteMember, findMembership, setMemberRole, successorOf } from '../store/member-repository.ts';
import { bucketSecondsOf, freeSeat, markRoomDeleted, roomsOfMember } from '../store/room-repository.ts';
import { afterMembershipEnded } from './membership-ended.ts';
import type { MessageContext } from './message-context.ts';
import { queuedRoomEvent } from './queued-event.ts';
import { queueRoomEvent } from './room-events.ts';

export interface ErasureReport {
  rooms: number;
  messages: number;
  reactions: number;
}

/** Ends one membership of an erased user; a last owner hands the room to the most senior member, or the empty room goes. */
async function leaveForErasure(context: MessageContext, roomId: string, userId: string): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    const membership = await findMembership(db, roomId, userId, { forUpdate: true });
    if (!membership) return;
    if (membership.role === 'owner' && (await countOwners(db, roomId)) <= 1) {
      const successor = await successorOf(db, roomId, userId);
      if (successor) {
        await setMemberRole(db, roomId, successor, 'owner');
        await queueRoomEvent(db, 'room.member.updated', roomId, { roomId, userId: successor, role: 'owner', actorId: userId });
      } else {
        await markRoomDeleted(db, roomId);
        await queueRoomEvent(db, 'room.deleted', roomId, { roomId, actorId: userId });
      }
    }
    await deleteMember(db, roomId, userId);
    await freeSeat(db, roomId);
    await queueRoomEvent(db, 'room.member.left', roomId, { roomId, userId, reason: 'user-deleted', actorId: userId });
  });
  afterMembershipEnded(context, roomId, userId, 'removed');
}

export async function eraseUser(context: MessageContext, userId: string): Promise<ErasureReport> {
  const report: ErasureReport = { rooms: 0, messages: 0, reactions: 0 };
  for (const { room } of await roomsOfMember(context.pool, userId)) {
    await leaveForErasure(context, room.id, userId);
    report.rooms++;
  }
  await inTransaction(context.pool, async (db) => {
    await deleteBlocksInvolving(db, userId);
    await deleteBansOf(db, userId);
    await deleteDirectConversationsOf(db, userId);
    await deleteAttachmentsOf(db, userId);
  });

  const bucketsOfRoom = new Map<string, number | undefined>();
  const bucketSeconds = async (roomId: string) => {
    if (!bucketsOfRoom.has(roomId)) bucketsOfRoom.set(roomId, await bucketSecondsOf(context.pool, roomId));
    return bucketsOfRoom.get(roomId);
  };
  for await (const reaction of context.reactions.madeBy(userId)) {
    await context.reactions.remove({ ...reaction, userId }, undefined);
    report.reactions++;
  }
  for await (const authored of context.messages.authoredBy(userId)) {
    const seconds = await bucketSeconds(authored.roomId);
    if (seconds === undefined) continue;
    const message = await context.messages.find(authored.roomId, authored.id, seconds);
    if (!message || message.deletedAt) continue;
    const deletedAt = new Date();
    const queued = queuedRoomEvent('message.deleted', message.roomId, { messageId: message.id, roomId: message.roomId, authorId: userId, actorId: userId, reason: 'author-erased', deletedAt: deletedAt.toISOString() });
    await context.messages.erase(message, deletedAt, seconds, queued);
    context.live.messageDeleted({ roomId: message.roomId, messageId: message.id });
    void context.publisher.publishStored(queued);
    report.messages++;
  }
  await context.messages.forgetAuthor(userId);
  return report;
}
