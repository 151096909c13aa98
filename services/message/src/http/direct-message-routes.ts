import { Router, type RequestHandler } from 'express';
import { callerOf } from '@lynk/common';
import { listDirectConversations, openDirectConversation, viewDirectConversation } from '../use-cases/direct-conversations.ts';
import type { MessageContext } from '../use-cases/message-context.ts';
import { blockUser, listBlocks, unblockUser } from '../use-cases/user-blocks.ts';
import { personIdParam } from './path-params.ts';
import * as schemas from './request-schemas.ts';

/**
 * /api/dms: direct conversations and blocks. A conversation is a room, so its messages, history,
 * receipts and reactions use the /api/rooms/<id>/... routes and the same socket commands.
 */
export function directMessageRoutes(context: MessageContext, requireBearer: RequestHandler): Router {
  const router = Router();
  router.use(requireBearer);
  const me = (response: Parameters<RequestHandler>[1]) => callerOf(response).userId;

  router.post('/', async (request, response) => {
    const { userId } = schemas.userIdBody.parse(request.body);
    const opened = await openDirectConversation(context, me(response), userId);
    response.status(opened.created ? 201 : 200).json(await viewDirectConversation(context, me(response), opened.roomId));
  });
  router.get('/', async (_request, response) => {
    response.json({ conversations: await listDirectConversations(context, me(response)) });
  });
  router.get('/blocks', async (_request, response) => {
    response.json({ blocks: await listBlocks(context, me(response)) });
  });
  router.post('/blocks', async (request, response) => {
    await blockUser(context, me(response), schemas.userIdBody.parse(request.body).userId);
    response.status(204).end();
  });
  router.delete('/blocks/:userId', async (request, response) => {
    await unblockUser(context, me(response), personIdParam(request));
    response.status(204).end();
  });
  return router;
}
