import { pipeline } from 'node:stream/promises';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { callerOf, ProblemError } from '@lynk/common';
import type { StoredObject } from '../store/object-store.ts';
import { avatarUrl, clearAvatar, readAvatar, requireAvatarEditor, setAvatar, type AvatarOwner } from '../use-cases/avatars.ts';
import { deleteMedia } from '../use-cases/delete-media.ts';
import { inspectIncomingFile } from '../use-cases/incoming-file.ts';
import type { MediaContext } from '../use-cases/media-context.ts';
import { mediaView } from '../use-cases/media-view.ts';
import { readMedia, requireVisibleUpload } from '../use-cases/read-media.ts';
import { requireRoomRole } from '../use-cases/room-access.ts';
import { storeAttachment } from '../use-cases/upload-attachment.ts';
import { setDownloadHeaders } from './download-headers.ts';
import { receiveSingleFile } from './multipart-file.ts';
import { uuidParam } from './path-params.ts';

/** Streams an object to the client; a client that goes away stops the read from S3 too, and is no error of ours. */
async function sendObject(response: Response, object: StoredObject): Promise<void> {
  response.set('content-length', String(object.contentLength));
  // HEAD: the headers say it all; reading the object only to discard it would cost its whole size.
  if (response.req.method === 'HEAD') {
    object.body.destroy();
    response.end();
    return;
  }
  try {
    await pipeline(object.body, response);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' && response.destroyed) return;
    throw error;
  }
}

/** Every /api/media route. Handlers translate HTTP to use cases and back; the domain decides. */
export function mediaRoutes(context: MediaContext, requireBearer: RequestHandler): Router {
  const router = Router();
  router.use(requireBearer);
  const me = (response: Response) => callerOf(response).userId;

  router.post('/rooms/:roomId/uploads', async (request, response) => {
    const roomId = uuidParam(request, 'roomId');
    const userId = me(response);
    // Membership first: a non-member's body is never read.
    await requireRoomRole(context, roomId, userId);
    const view = await receiveSingleFile(request, async (file) => storeAttachment(context, userId, roomId, await inspectIncomingFile(file)));
    response.status(201).location(view.url).json(view);
  });

  // People (`/avatars/users/me` for oneself) and rooms each have one avatar.
  for (const [segment, kind] of [['users', 'user'], ['rooms', 'room']] as const) {
    const ownerOf = (request: Request, response: Response): AvatarOwner => ({ kind, id: kind === 'user' && request.params.ownerId === 'me' ? me(response) : uuidParam(request, 'ownerId') });
    router.put(`/avatars/${segment}/:ownerId`, async (request, response) => {
      const owner = ownerOf(request, response);
      await requireAvatarEditor(context, me(response), owner);
      response.json(await receiveSingleFile(request, (file) => setAvatar(context, me(response), owner, file)));
    });
    router.delete(`/avatars/${segment}/:ownerId`, async (request, response) => {
      const owner = ownerOf(request, response);
      await requireAvatarEditor(context, me(response), owner);
      await clearAvatar(context, owner);
      response.status(204).end();
    });
    router.get(`/avatars/${segment}/:ownerId`, async (request, response) => {
      const owner = ownerOf(request, response);
      const avatar = await readAvatar(context, me(response), owner, request.get('if-none-match'));
      setDownloadHeaders(response, { contentType: 'image/webp', fileName: 'avatar.webp', etag: avatar.etag });
      response.set('content-location', avatarUrl(owner));
      if (!avatar.object) return void response.status(304).end();
      await sendObject(response, avatar.object);
    });
  }

  router.get('/:mediaId/info', async (request, response) => {
    response.json(mediaView(await requireVisibleUpload(context, me(response), uuidParam(request, 'mediaId'))));
  });
  router.get('/:mediaId/thumbnail', async (request, response) => {
    const content = await readMedia(context, me(response), uuidParam(request, 'mediaId'), { ifNoneMatch: request.get('if-none-match'), variant: 'thumbnail' });
    setDownloadHeaders(response, { contentType: content.contentType, fileName: content.upload.fileName.replace(/\.[^.]+$/, '-thumbnail.webp'), etag: content.etag });
    if (!content.object) return void response.status(304).end();
    await sendObject(response, content.object);
  });
  router.get('/:mediaId', async (request, response) => {
    const content = await readMedia(context, me(response), uuidParam(request, 'mediaId'), { range: request.get('range'), ifNoneMatch: request.get('if-none-match'), variant: 'file' }).catch((error: unknown) => {
      // RFC 9110: a 416 names the file's size, so the client can ask again correctly.
      if (error instanceof ProblemError && error.code === 'MEDIA_RANGE_NOT_SATISFIABLE') response.set('content-range', `bytes */${String(error.extensions.size)}`);
      throw error;
    });
    setDownloadHeaders(response, { contentType: content.contentType, fileName: content.upload.fileName, etag: content.etag });
    if (!content.object) return void response.status(304).end();
    if (content.range) response.status(206).set('content-range', `bytes ${content.range.start}-${content.range.end}/${content.size}`);
    await sendObject(response, content.object);
  });
  router.delete('/:mediaId', async (request, response) => {
    await deleteMedia(context, me(response), uuidParam(request, 'mediaId'));
    response.status(204).end();
  });
  return router;
}
