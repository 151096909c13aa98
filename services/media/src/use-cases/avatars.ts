/**
 * Avatars for people and rooms: one square WebP each, re-encoded (no metadata survives). A person
 * sets their own; a room's is set by its admins and owners. Any signed-in user sees a person's
 * avatar; a room's is shown to its members.
 */
import { v7 as uuidv7 } from 'uuid';
import { mediaErrors } from '../domain/media-errors.ts';
import { avatarMaxBytes } from '../domain/media-types.ts';
import { avatarContentType } from '../providers/image-processor.ts';
import { findAvatar, removeAvatar, replaceAvatar, type AvatarOwnerKind } from '../store/avatar-repository.ts';
import type { StoredObject } from '../store/object-store.ts';
import { collectBytes, inspectIncomingFile, type IncomingFile } from './incoming-file.ts';
import type { MediaContext } from './media-context.ts';
import { objectKeys } from './object-keys.ts';
import { requireRoomRole } from './room-access.ts';

export interface AvatarOwner {
  kind: AvatarOwnerKind;
  id: string;
}

/** Who may change the avatar: the person themselves, or a room's admins and above. */
export async function requireAvatarEditor(context: MediaContext, userId: string, owner: AvatarOwner): Promise<void> {
  if (owner.kind === 'user') {
    if (owner.id !== userId) mediaErrors.raise('MEDIA_FORBIDDEN', 'people set only their own avatar');
    return;
  }
  await requireRoomRole(context, owner.id, userId, 'admin');
}

export async function setAvatar(context: MediaContext, userId: string, owner: AvatarOwner, file: IncomingFile): Promise<{ url: string }> {
  const inspected = await inspectIncomingFile(file, { accept: (type) => type.kind === 'image', maxBytes: () => avatarMaxBytes });
  const avatar = await context.images.inTurn(async () => context.images.avatar(await collectBytes(inspected.bytes)));
  const key = objectKeys.avatar(uuidv7());
  await context.objects.put(key, avatarContentType, avatar);
  const replaced = await replaceAvatar(context.pool, owner.kind, owner.id, key, userId);
  if (replaced) await context.objects.delete([replaced]).catch((error: unknown) => context.logger.warn({ err: error, key: replaced }, 'old avatar not deleted'));
  return { url: avatarUrl(owner) };
}

export async function clearAvatar(context: MediaContext, owner: AvatarOwner): Promise<void> {
  const key = await removeAvatar(context.pool, owner.kind, owner.id);
  if (key) await context.objects.delete([key]);
}

export function avatarUrl(owner: AvatarOwner): string {
  return `/api/media/avatars/${owner.kind === 'user' ? 'users' : 'rooms'}/${owner.id}`;
}

export async function readAvatar(context: MediaContext, userId: string, owner: AvatarOwner, ifNoneMatch: string | undefined): Promise<{ etag: string; object?: StoredObject }> {
  if (owner.kind === 'room') await requireRoomRole(context, owner.id, userId);
  const avatar = await findAvatar(context.pool, owner.kind, owner.id);
  if (!avatar) mediaErrors.raise('MEDIA_NOT_FOUND', 'no avatar is set');
  // A new avatar is a new object key, so the key is a strong validator.
  const etag = `"${avatar.objectKey.replace(/^avatars\//, '')}"`;
  if (ifNoneMatch === etag) return { etag };
  return { etag, object: await context.objects.get(avatar.objectKey) };
}
