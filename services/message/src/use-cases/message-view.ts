import type { StoredMessage } from '../store/message-store.ts';

/** A message as clients see it, over REST, in acknowledgements and in live events. */
export interface MessageView {
  id: string;
  roomId: string;
  authorId: string;
  clientMsgId: string;
  body: string;
  replyTo: string | null;
  attachments: string[];
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export function messageView(message: StoredMessage): MessageView {
  return {
    id: message.id,
    roomId: message.roomId,
    authorId: message.authorId,
    clientMsgId: message.clientMsgId,
    body: message.deletedAt ? '' : message.body,
    replyTo: message.replyTo,
    attachments: message.deletedAt ? [] : message.attachments,
    mentions: message.mentions,
    createdAt: message.createdAt.toISOString(),
    editedAt: message.editedAt?.toISOString() ?? null,
    deleted: message.deletedAt !== null,
  };
}
