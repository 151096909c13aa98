import { Router, type RequestHandler } from 'express';
import type { AuthContext } from '../use-cases/auth-context.ts';
import { deleteAccount, getProfile, updateProfile } from '../use-cases/account.ts';
import { listSessions, logout, logoutEverywhere, revokeSession } from '../use-cases/manage-sessions.ts';
import { refreshSession } from '../use-cases/refresh-session.ts';
import { startLogin, startRegistration } from '../use-cases/start-sign-in.ts';
import { beginTotpSetup, confirmTotpSetup, disableTotp } from '../use-cases/totp-enrolment.ts';
import { verifyLogin, verifyRegistration } from '../use-cases/verify-sign-in.ts';
import { callerOf } from '@lynk/common';
import { clientIp, deviceInfo } from './client-info.ts';
import * as schemas from './request-schemas.ts';
import { sessionView, userView } from './views.ts';

/** Every /api/auth route. Handlers translate HTTP to use cases and back; the domain decides. */
export function authRoutes(context: AuthContext, requireBearer: RequestHandler): Router {
  const router = Router();

  router.post('/register', async (request, response) => {
    const body = schemas.registerBody.parse(request.body);
    response.status(202).json(await startRegistration(context, { ...body, ip: clientIp(request) }));
  });
  router.post('/register/verify', async (request, response) => {
    const body = schemas.verifyRegistrationBody.parse(request.body);
    const { user, tokens } = await verifyRegistration(context, { ...body, device: deviceInfo(request, body.deviceName) });
    response.status(201).json({ user: userView(user), ...tokens });
  });
  router.post('/login', async (request, response) => {
    const body = schemas.loginBody.parse(request.body);
    response.status(202).json(await startLogin(context, { ...body, ip: clientIp(request) }));
  });
  router.post('/login/verify', async (request, response) => {
    const body = schemas.verifyLoginBody.parse(request.body);
    const { user, tokens } = await verifyLogin(context, { ...body, device: deviceInfo(request, body.deviceName) });
    response.json({ user: userView(user), ...tokens });
  });
  router.post('/token/refresh', async (request, response) => {
    const body = schemas.refreshBody.parse(request.body);
    response.json(await refreshSession(context, body.refreshToken));
  });

  router.post('/logout', requireBearer, async (_request, response) => {
    await logout(context, callerOf(response).sessionId);
    response.status(204).end();
  });
  router.post('/logout-all', requireBearer, async (_request, response) => {
    response.json({ revokedSessions: await logoutEverywhere(context, callerOf(response).userId) });
  });
  router.get('/sessions', requireBearer, async (_request, response) => {
    const caller = callerOf(response);
    response.json({ sessions: (await listSessions(context, caller.userId)).map((session) => sessionView(session, caller.sessionId)) });
  });
  router.delete('/sessions/:sessionId', requireBearer, async (request, response) => {
    const { sessionId } = schemas.sessionIdParams.parse(request.params);
    await revokeSession(context, callerOf(response).userId, sessionId);
    response.status(204).end();
  });

  router.post('/totp/setup', requireBearer, async (_request, response) => {
    response.json(await beginTotpSetup(context, callerOf(response).userId));
  });
  router.post('/totp/confirm', requireBearer, async (request, response) => {
    const body = schemas.totpConfirmBody.parse(request.body);
    response.json(await confirmTotpSetup(context, callerOf(response).userId, body.code));
  });
  router.post('/totp/disable', requireBearer, async (request, response) => {
    const body = schemas.totpDisableBody.parse(request.body);
    await disableTotp(context, callerOf(response).userId, body);
    response.status(204).end();
  });

  router.get('/me', requireBearer, async (_request, response) => {
    response.json(userView(await getProfile(context, callerOf(response).userId)));
  });
  router.patch('/me', requireBearer, async (request, response) => {
    const body = schemas.profilePatchBody.parse(request.body);
    response.json(userView(await updateProfile(context, callerOf(response).userId, body)));
  });
  router.delete('/me', requireBearer, async (_request, response) => {
    await deleteAccount(context, callerOf(response).userId);
    response.status(204).end();
  });
  return router;
}
