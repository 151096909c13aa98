import type { Request } from 'express';
import { messageErrors } from '../domain/message-errors.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A path segment that is not a UUID names nothing that exists: 404 rather than a validation error. */
export function roomIdParam(request: Request): string {
  const roomId = String(request.params.roomId ?? '');
  if (!uuidPattern.test(roomId)) messageErrors.raise('ROOM_NOT_FOUND');
  return roomId;
}

export function userIdParam(request: Request): string {
  const userId = String(request.params.userId ?? '');
  if (!uuidPattern.test(userId)) messageErrors.raise('ROOM_MEMBER_NOT_FOUND');
  return userId;
}

export function inviteIdParam(request: Request): string {
  const inviteId = String(request.params.inviteId ?? '');
  if (!uuidPattern.test(inviteId)) messageErrors.raise('INVITE_NOT_FOUND');
  return inviteId;
}

export function messageIdParam(request: Request): string {
  const messageId = String(request.params.messageId ?? '');
  if (!uuidPattern.test(messageId)) messageErrors.raise('MESSAGE_NOT_FOUND');
  return messageId;
}

/** People outside any room (blocks, conversations) are named by id too; a malformed one is a bad request. */
export function personIdParam(request: Request): string {
  const userId = String(request.params.userId ?? '');
  if (!uuidPattern.test(userId)) messageErrors.raise('BLOCK_NOT_FOUND');
  return userId;
}
