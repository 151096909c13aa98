/**
 * Routes for other workloads, never the public: the edge does not route `/internal/`, the
 * sidecar's RBAC lets only media's SPIFFE ID reach it, and this router checks that ID again
 * from x-forwarded-client-cert (which the sidecar sets and a caller cannot forge).
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { callerSpiffeId, common } from '@lynk/common';
import { messageErrors } from '../domain/message-errors.ts';
import { registerAttachment, releaseUnreferenced } from '../store/attachment-repository.ts';
import { findMembership } from '../store/member-repository.ts';
import type { MessageContext } from '../use-cases/message-context.ts';
import { roomIdParam, userIdParam } from './path-params.ts';

const registerUploadBody = z.strictObject({ uploadId: z.uuid(), roomId: z.uuid(), uploaderId: z.uuid() });
const releaseBody = z.strictObject({ uploadIds: z.array(z.uuid()).min(1).max(500) });

function onlyCallers(allowed: readonly string[]) {
  return (request: Request, _response: Response, next: NextFunction) => {
    const caller = callerSpiffeId(request);
    next(caller && allowed.includes(caller) ? undefined : common.create('COMMON_FORBIDDEN', 'internal routes are for media only'));
  };
}

export function internalRoutes(context: MessageContext): Router {
  const router = Router();
  router.use(onlyCallers(context.config.INTERNAL_CALLER_IDS.split(',')), express.json({ limit: 64 * 1024, strict: true }));

  /** The member's role, or 404: media checks this on every upload and download. */
  router.get('/rooms/:roomId/members/:userId', async (request, response) => {
    const membership = await findMembership(context.pool, roomIdParam(request), userIdParam(request));
    if (!membership) messageErrors.raise('ROOM_MEMBER_NOT_FOUND');
    response.json({ role: membership.role });
  });
  router.post('/uploads', async (request, response) => {
    await registerAttachment(context.pool, registerUploadBody.parse(request.body));
    response.status(204).end();
  });
  router.post('/uploads/release', async (request, response) => {
    response.json({ released: await releaseUnreferenced(context.pool, releaseBody.parse(request.body).uploadIds) });
  });
  return router;
}
