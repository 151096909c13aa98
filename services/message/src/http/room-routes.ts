import { Router, type RequestHandler } from 'express';
import { callerOf } from '@lynk/common';
import { messageErrors } from '../domain/message-errors.ts';
import { createRoom, isRoomNameAvailable } from '../use-cases/create-room.ts';
import { joinPublicRoom, joinWithInvite } from '../use-cases/join-room.ts';
import { leaveRoom } from '../use-cases/leave-room.ts';
import { listMyRooms, listPublicRooms } from '../use-cases/list-rooms.ts';
import type { MessageContext } from '../use-cases/message-context.ts';
import { readHistory, markRead } from '../use-cases/message-history.ts';
import { addMember, changeMemberRole, removeMember, transferOwnership } from '../use-cases/moderate-members.ts';
import { banUser, listBans, unbanUser } from '../use-cases/room-bans.ts';
import { createInvite, listRoomInvites, revokeRoomInvite } from '../use-cases/room-invites.ts';
import { sendMessage } from '../use-cases/send-message.ts';
import { deleteMessage } from '../use-cases/delete-message.ts';
import { editMessage } from '../use-cases/edit-message.ts';
import { readThread } from '../use-cases/message-thread.ts';
import { setReaction } from '../use-cases/react-to-message.ts';
import { updateRoomSettings, deleteRoom } from '../use-cases/update-room.ts';
import { listRoomMembers, viewRoom } from '../use-cases/view-room.ts';
import { inviteIdParam, messageIdParam, roomIdParam, userIdParam } from './path-params.ts';
import * as schemas from './request-schemas.ts';

/** Every /api/rooms route. Handlers translate HTTP to use cases and back; the domain decides. */
export function roomRoutes(context: MessageContext, requireBearer: RequestHandler): Router {
  const router = Router();
  router.use(requireBearer);
  const me = (response: Parameters<RequestHandler>[1]) => callerOf(response).userId;

  router.post('/', async (request, response) => {
    response.status(201).json(await createRoom(context, me(response), schemas.createRoomBody.parse(request.body)));
  });
  router.get('/name-availability', async (request, response) => {
    const { name } = schemas.nameAvailabilityQuery.parse(request.query);
    response.json({ name, available: await isRoomNameAvailable(context, name) });
  });
  router.get('/mine', async (_request, response) => {
    response.json({ rooms: await listMyRooms(context, me(response)) });
  });
  router.get('/public', async (request, response) => {
    const query = schemas.publicRoomsQuery.parse(request.query);
    response.json(await listPublicRooms(context, { search: query.search, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }));
  });
  router.post('/invites/:code/redeem', async (request, response) => {
    const code = String(request.params.code);
    if (!/^[\w-]{10,64}$/.test(code)) messageErrors.raise('INVITE_NOT_FOUND');
    response.json(await joinWithInvite(context, me(response), code));
  });

  router.get('/:roomId', async (request, response) => {
    response.json(await viewRoom(context, me(response), roomIdParam(request)));
  });
  router.patch('/:roomId', async (request, response) => {
    response.json(await updateRoomSettings(context, me(response), roomIdParam(request), schemas.updateRoomBody.parse(request.body)));
  });
  router.delete('/:roomId', async (request, response) => {
    await deleteRoom(context, me(response), roomIdParam(request));
    response.status(204).end();
  });
  router.post('/:roomId/join', async (request, response) => {
    response.json(await joinPublicRoom(context, me(response), roomIdParam(request)));
  });
  router.post('/:roomId/leave', async (request, response) => {
    await leaveRoom(context, me(response), roomIdParam(request));
    response.status(204).end();
  });

  router.get('/:roomId/members', async (request, response) => {
    const query = schemas.membersQuery.parse(request.query);
    response.json({ members: await listRoomMembers(context, me(response), roomIdParam(request), { limit: query.limit, ...(query.after ? { afterUserId: query.after } : {}) }) });
  });
  router.post('/:roomId/members', async (request, response) => {
    await addMember(context, me(response), roomIdParam(request), schemas.userIdBody.parse(request.body).userId);
    response.status(201).end();
  });
  router.delete('/:roomId/members/:userId', async (request, response) => {
    await removeMember(context, me(response), roomIdParam(request), userIdParam(request), 'removed');
    response.status(204).end();
  });
  router.post('/:roomId/members/:userId/kick', async (request, response) => {
    await removeMember(context, me(response), roomIdParam(request), userIdParam(request), 'kicked');
    response.status(204).end();
  });
  router.patch('/:roomId/members/:userId', async (request, response) => {
    await changeMemberRole(context, me(response), roomIdParam(request), userIdParam(request), schemas.roleBody.parse(request.body).role);
    response.status(204).end();
  });
  router.post('/:roomId/transfer-ownership', async (request, response) => {
    await transferOwnership(context, me(response), roomIdParam(request), schemas.userIdBody.parse(request.body).userId);
    response.status(204).end();
  });

  router.get('/:roomId/bans', async (request, response) => {
    const bans = await listBans(context, me(response), roomIdParam(request));
    response.json({ bans: bans.map((ban) => ({ userId: ban.userId, bannedBy: ban.bannedBy, reason: ban.reason, expiresAt: ban.expiresAt?.toISOString() ?? null, createdAt: ban.createdAt.toISOString() })) });
  });
  router.post('/:roomId/bans', async (request, response) => {
    const body = schemas.banBody.parse(request.body);
    await banUser(context, me(response), roomIdParam(request), { userId: body.userId, reason: body.reason, expiresAt: body.durationSeconds ? new Date(Date.now() + body.durationSeconds * 1000) : null });
    response.status(204).end();
  });
  router.delete('/:roomId/bans/:userId', async (request, response) => {
    await unbanUser(context, me(response), roomIdParam(request), userIdParam(request));
    response.status(204).end();
  });

  router.post('/:roomId/invites', async (request, response) => {
    response.status(201).json(await createInvite(context, me(response), roomIdParam(request), schemas.inviteBody.parse(request.body)));
  });
  router.get('/:roomId/invites', async (request, response) => {
    response.json({ invites: await listRoomInvites(context, me(response), roomIdParam(request)) });
  });
  router.delete('/:roomId/invites/:inviteId', async (request, response) => {
    await revokeRoomInvite(context, me(response), roomIdParam(request), inviteIdParam(request));
    response.status(204).end();
  });

  router.get('/:roomId/messages', async (request, response) => {
    const query = schemas.historyQuery.parse(request.query);
    response.json(await readHistory(context, me(response), { roomId: roomIdParam(request), limit: query.limit, ...(query.before ? { before: query.before } : {}), ...(query.after ? { after: query.after } : {}) }));
  });
  router.post('/:roomId/messages', async (request, response) => {
    const body = schemas.sendMessageBody.parse(request.body);
    const { message, duplicate } = await sendMessage(context, me(response), { roomId: roomIdParam(request), ...body });
    response.status(duplicate ? 200 : 201).json(message);
  });
  router.patch('/:roomId/messages/:messageId', async (request, response) => {
    response.json(await editMessage(context, me(response), { roomId: roomIdParam(request), messageId: messageIdParam(request), body: schemas.editMessageBody.parse(request.body).body }));
  });
  router.delete('/:roomId/messages/:messageId', async (request, response) => {
    await deleteMessage(context, me(response), { roomId: roomIdParam(request), messageId: messageIdParam(request) });
    response.status(204).end();
  });
  router.get('/:roomId/messages/:messageId/thread', async (request, response) => {
    const query = schemas.threadQuery.parse(request.query);
    response.json(await readThread(context, me(response), { roomId: roomIdParam(request), messageId: messageIdParam(request), limit: query.limit, ...(query.after ? { after: query.after } : {}) }));
  });
  router.put('/:roomId/messages/:messageId/reactions/:emoji', async (request, response) => {
    const { emoji } = schemas.reactionBody.parse({ emoji: request.params.emoji });
    response.json(await setReaction(context, me(response), { roomId: roomIdParam(request), messageId: messageIdParam(request), emoji }, true));
  });
  router.delete('/:roomId/messages/:messageId/reactions/:emoji', async (request, response) => {
    const { emoji } = schemas.reactionBody.parse({ emoji: request.params.emoji });
    response.json(await setReaction(context, me(response), { roomId: roomIdParam(request), messageId: messageIdParam(request), emoji }, false));
  });
  router.post('/:roomId/read', async (request, response) => {
    await markRead(context, me(response), roomIdParam(request), schemas.readBody.parse(request.body).messageId);
    response.status(204).end();
  });
  return router;
}
