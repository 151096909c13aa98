import { validateMessageBody } from '../domain/message-body.ts';
import { assertCanEdit } from '../domain/message-permissions.ts';
import { requireRoomMessage } from './existing-message.ts';
import type { MessageContext } from './message-context.ts';
import { messageViews, type MessageView } from './message-view.ts';
import { queuedRoomEvent } from './queued-event.ts';
import { resolveMentions } from './resolve-mentions.ts';

/** The author replaces a message's body; the room sees the edit live and `message.updated` follows. */
export async function editMessage(context: MessageContext, editorId: string, input: { roomId: string; messageId: string; body: string }): Promise<MessageView> {
  const { room, message } = await requireRoomMessage(context, editorId, input.roomId, input.messageId);
  assertCanEdit(message, editorId);
  const body = validateMessageBody(input.body);
  const mentions = await resolveMentions(context, room.id, body);
  const editedAt = new Date();
  const queued = queuedRoomEvent('message.updated', room.id, { messageId: message.id, roomId: room.id, authorId: message.authorId, body, mentions, editedAt: editedAt.toISOString() });
  await context.messages.edit(message, { body, mentions, editedAt }, room.bucketSeconds, queued);
  const [view] = await messageViews(context, room.id, [{ ...message, body, mentions, editedAt }]);
  context.live.messageUpdated(view!);
  void context.publisher.publishStored(queued);
  return view!;
}
