import { defineErrors, tokenErrorCatalogue, type ErrorFactory } from '@lynk/common';

/** Every error the message service answers with, over REST and in socket acknowledgements. */
export const messageErrorCatalogue = {
  ...tokenErrorCatalogue,
  ROOM_NOT_FOUND: { status: 404, title: 'No such room' },
  ROOM_NAME_TAKEN: { status: 409, title: 'A room with this name already exists' },
  ROOM_NOT_MEMBER: { status: 403, title: 'You are not a member of this room' },
  ROOM_ALREADY_MEMBER: { status: 409, title: 'Already a member of this room' },
  ROOM_FORBIDDEN: { status: 403, title: 'Your role in this room does not allow this' },
  ROOM_ROLE_TOO_LOW: { status: 403, title: 'You cannot act on a member whose role is at or above yours' },
  ROOM_FULL: { status: 409, title: 'The room has reached its member limit' },
  ROOM_INVITE_REQUIRED: { status: 403, title: 'This room can only be joined with an invite' },
  ROOM_BANNED: { status: 403, title: 'You are banned from this room' },
  ROOM_LAST_OWNER: { status: 409, title: 'The last owner must transfer ownership before leaving' },
  ROOM_MAX_MEMBERS_TOO_LOW: { status: 409, title: 'The room already has more members than this limit' },
  ROOM_MEMBER_NOT_FOUND: { status: 404, title: 'No such member in this room' },
  ROOM_BAN_NOT_FOUND: { status: 404, title: 'This user is not banned from the room' },
  INVITE_NOT_FOUND: { status: 404, title: 'No such invite' },
  INVITE_EXPIRED: { status: 410, title: 'The invite has expired' },
  INVITE_USED_UP: { status: 410, title: 'The invite has no uses left' },
  INVITE_REVOKED: { status: 410, title: 'The invite was revoked' },
  MESSAGE_INVALID: { status: 400, title: 'The message is not valid' },
  MESSAGE_TOO_LARGE: { status: 413, title: 'The message is too large' },
  MESSAGE_NOT_FOUND: { status: 404, title: 'No such message' },
  MESSAGE_RATE_LIMITED: { status: 429, title: 'You are sending messages too fast' },
  MESSAGE_CLIENT_ID_REUSED: { status: 409, title: 'This clientMsgId was already used for a different message' },
  MESSAGE_STORE_UNAVAILABLE: { status: 503, title: 'The message could not be stored; it was not sent' },
  MESSAGE_CURSOR_INVALID: { status: 400, title: 'The history cursor is not a message id of this room' },
  MESSAGE_NOT_AUTHOR: { status: 403, title: 'Only the author can do this to a message' },
  MESSAGE_DELETED: { status: 410, title: 'The message was deleted' },
  MESSAGE_ATTACHMENT_INVALID: { status: 400, title: 'An attachment is not a file you uploaded to this room' },
  REACTION_INVALID: { status: 400, title: 'A reaction is exactly one emoji' },
  DM_SELF: { status: 400, title: 'A direct conversation needs another person' },
  DM_BLOCKED: { status: 403, title: 'This person does not accept your messages' },
  DM_NOT_ALLOWED: { status: 409, title: 'Direct conversations have exactly their two people; this does not apply to them' },
  BLOCK_NOT_FOUND: { status: 404, title: 'You have not blocked this person' },
} as const;

export type MessageErrorCode = keyof typeof messageErrorCatalogue;

export const messageErrors: ErrorFactory<typeof messageErrorCatalogue> = defineErrors(messageErrorCatalogue);
