import { z } from 'zod';

/** Request bodies of the auth API; the OpenAPI document is generated from these too. */
const code = z.string().regex(/^\d{6}$/, 'six digits');
const deviceName = z.string().trim().min(1).max(100).optional();

export const registerBody = z.strictObject({ phone: z.string().min(3).max(32), displayName: z.string().trim().min(1).max(64) });
export const loginBody = z.strictObject({ phone: z.string().min(3).max(32) });
export const verifyRegistrationBody = z.strictObject({ challengeId: z.uuid(), code, deviceName });
export const verifyLoginBody = z.strictObject({
  challengeId: z.uuid(),
  code,
  totpCode: code.optional(),
  recoveryCode: z.string().min(8).max(20).optional(),
  deviceName,
});
export const refreshBody = z.strictObject({ refreshToken: z.string().min(20).max(200) });
export const totpConfirmBody = z.strictObject({ code });
export const totpDisableBody = z.strictObject({ code: code.optional(), recoveryCode: z.string().min(8).max(20).optional() }).refine((body) => body.code || body.recoveryCode, 'code or recoveryCode is required');
export const profilePatchBody = z
  .strictObject({ displayName: z.string().trim().min(1).max(64).optional(), avatarMediaId: z.uuid().nullable().optional() })
  .refine((body) => body.displayName !== undefined || body.avatarMediaId !== undefined, 'nothing to change');
export const sessionIdParams = z.object({ sessionId: z.uuid() });
