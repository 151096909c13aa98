/**
 * Who may change a message once it is sent. Authors edit their own words and nobody else's;
 * authors delete theirs, and moderators and above delete anyone's.
 */
import { messageErrors } from './message-errors.ts';
import { canPerform } from './room-permissions.ts';
import type { RoomRole } from './room-role.ts';

export function assertCanEdit(message: { authorId: string; deletedAt: Date | null }, editorId: string): void {
  if (message.deletedAt) messageErrors.raise('MESSAGE_DELETED');
  if (message.authorId !== editorId) messageErrors.raise('MESSAGE_NOT_AUTHOR', 'only the author can edit a message');
}

export function assertCanDelete(message: { authorId: string }, actorId: string, actorRole: RoomRole): void {
  if (message.authorId === actorId) return;
  if (!canPerform(actorRole, 'delete-any-message')) messageErrors.raise('ROOM_FORBIDDEN', "deleting someone else's message needs the moderator role or above");
}
