import { z } from 'zod';

export const deviceBody = z.strictObject({
  /** FCM registration token. */
  token: z.string().min(8).max(4096).regex(/^[\w:.-]+$/, 'letters, digits and : . - _ only'),
  platform: z.enum(['android', 'ios', 'web']),
});
export const deviceIdParam = z.string().min(1).max(128).regex(/^[\w.-]+$/);
export const roomPreferenceBody = z.strictObject({
  level: z.enum(['all', 'mentions', 'none']),
  /** Mute until this time; null or absent: not muted. */
  mutedUntil: z.iso.datetime().nullable().default(null),
});
export const settingsBody = z.strictObject({ hideContent: z.boolean() });
export const feedQuery = z.object({ before: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
export const uuidParam = z.uuid();
