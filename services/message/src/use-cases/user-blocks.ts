import { messageErrors } from '../domain/message-errors.ts';
import { blocksOf, deleteBlock, insertBlock } from '../store/block-repository.ts';
import { findDirectRoomId } from '../store/direct-conversation-repository.ts';
import type { MessageContext } from './message-context.ts';

/** Blocking stops the blocked person from messaging the blocker directly, from their very next send. */
export async function blockUser(context: MessageContext, blockerId: string, blockedId: string): Promise<void> {
  if (blockerId === blockedId) messageErrors.raise('DM_SELF', 'you cannot block yourself');
  await insertBlock(context.pool, blockerId, blockedId);
  const roomId = await findDirectRoomId(context.pool, blockerId, blockedId);
  if (roomId) {
    context.sendPermissions.forget(roomId, blockedId);
    context.sendPermissions.forget(roomId, blockerId);
  }
}

export async function unblockUser(context: MessageContext, blockerId: string, blockedId: string): Promise<void> {
  if (!(await deleteBlock(context.pool, blockerId, blockedId))) messageErrors.raise('BLOCK_NOT_FOUND');
}

export async function listBlocks(context: MessageContext, blockerId: string): Promise<{ userId: string; blockedAt: string }[]> {
  return (await blocksOf(context.pool, blockerId)).map((block) => ({ userId: block.userId, blockedAt: block.createdAt.toISOString() }));
}
