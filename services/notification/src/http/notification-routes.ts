import { Router, type RequestHandler } from 'express';
import { callerOf } from '@lynk/common';
import { notificationErrors } from '../domain/notification-errors.ts';
import { defaultLevel } from '../domain/delivery-rules.ts';
import { deleteDevice, devicesOf, upsertDevice } from '../store/device-repository.ts';
import { hideContentOf, roomPreference, setHideContent, setRoomPreference } from '../store/preference-repository.ts';
import { feedUnreadCount, markEverythingRead, markRead, readFeed } from '../use-cases/feed.ts';
import type { NotificationContext } from '../use-cases/notification-context.ts';
import * as schemas from './request-schemas.ts';

/** Every /api/notifications route: devices, room preferences, the privacy setting and the in-app feed. */
export function notificationRoutes(context: NotificationContext, requireBearer: RequestHandler): Router {
  const router = Router();
  router.use(requireBearer);
  const me = (response: Parameters<RequestHandler>[1]) => callerOf(response).userId;
  const deviceId = (raw: unknown) => {
    const parsed = schemas.deviceIdParam.safeParse(raw);
    if (!parsed.success) notificationErrors.raise('DEVICE_NOT_FOUND');
    return parsed.data;
  };

  router.get('/devices', async (_request, response) => {
    const devices = await devicesOf(context.pool, [me(response)]);
    response.json({ devices: devices.map((device) => ({ deviceId: device.deviceId, platform: device.platform, updatedAt: device.updatedAt.toISOString() })) });
  });
  router.put('/devices/:deviceId', async (request, response) => {
    const body = schemas.deviceBody.parse(request.body);
    await upsertDevice(context.pool, { userId: me(response), deviceId: deviceId(request.params.deviceId), token: body.token, platform: body.platform });
    response.status(204).end();
  });
  router.delete('/devices/:deviceId', async (request, response) => {
    if (!(await deleteDevice(context.pool, me(response), deviceId(request.params.deviceId)))) notificationErrors.raise('DEVICE_NOT_FOUND');
    response.status(204).end();
  });

  router.get('/rooms/:roomId/preferences', async (request, response) => {
    const roomId = schemas.uuidParam.parse(request.params.roomId);
    const preference = await roomPreference(context.pool, me(response), roomId);
    response.json({ roomId, level: preference?.level ?? defaultLevel, mutedUntil: preference?.mutedUntil?.toISOString() ?? null });
  });
  router.put('/rooms/:roomId/preferences', async (request, response) => {
    const roomId = schemas.uuidParam.parse(request.params.roomId);
    const body = schemas.roomPreferenceBody.parse(request.body);
    await setRoomPreference(context.pool, me(response), { roomId, level: body.level, mutedUntil: body.mutedUntil ? new Date(body.mutedUntil) : null });
    response.json({ roomId, level: body.level, mutedUntil: body.mutedUntil });
  });

  router.get('/settings', async (_request, response) => {
    response.json({ hideContent: await hideContentOf(context.pool, me(response)) });
  });
  router.patch('/settings', async (request, response) => {
    const body = schemas.settingsBody.parse(request.body);
    await setHideContent(context.pool, me(response), body.hideContent);
    response.json(body);
  });

  router.get('/feed', async (request, response) => {
    const query = schemas.feedQuery.parse(request.query);
    response.json(await readFeed(context, me(response), { limit: query.limit, ...(query.before ? { before: query.before } : {}) }));
  });
  router.get('/feed/unread-count', async (_request, response) => {
    response.json({ unreadCount: await feedUnreadCount(context, me(response)) });
  });
  router.post('/feed/read-all', async (_request, response) => {
    response.json({ marked: await markEverythingRead(context, me(response)) });
  });
  router.post('/feed/:itemId/read', async (request, response) => {
    const parsed = schemas.uuidParam.safeParse(request.params.itemId);
    if (!parsed.success) notificationErrors.raise('FEED_ITEM_NOT_FOUND');
    await markRead(context, me(response), parsed.data);
    response.status(204).end();
  });
  return router;
}
