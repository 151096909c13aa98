import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

export const totpIssuer = 'Lynk';
export const totpPeriodSeconds = 30;
export const totpDigits = 6;
/** 160 bits, the length RFC 4226 recommends for HMAC-SHA1. */
const totpSecretBytes = 20;

/** A new shared secret, Base32 as authenticator apps expect it. */
export function generateTotpSecret(): string {
  return generateSecret({ length: totpSecretBytes });
}

/** The otpauth:// URI an authenticator app scans: `otpauth://totp/Lynk:<account>?secret=…&issuer=Lynk…`. */
export function totpKeyUri({ secret, accountName, issuer = totpIssuer }: { secret: string; accountName: string; issuer?: string }): string {
  return generateURI({ issuer, label: accountName, secret, algorithm: 'sha1', digits: totpDigits, period: totpPeriodSeconds });
}

/** The key URI as a PNG QR code for the setup screen. */
export async function totpQrPng(uri: string): Promise<Buffer> {
  return QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
}

export type TotpVerification = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

export interface TotpCheck {
  /** Base32 shared secret. */
  secret: string;
  token: string;
  /** The time step of the last accepted code, or null before the first; a code of that step or earlier is a replay. */
  lastUsedStep: number | null;
  now?: Date;
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  digits?: number;
}

/**
 * Checks a code against the current 30 s step and one step either side (clock drift), refusing any step
 * at or before `lastUsedStep`. Store the returned `step` as the new `lastUsedStep`.
 */
export function verifyTotp({ secret, token, lastUsedStep, now = new Date(), algorithm = 'sha1', digits = totpDigits }: TotpCheck): TotpVerification {
  const code = token.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return { ok: false, reason: 'invalid' };
  const epoch = Math.floor(now.getTime() / 1000);
  const options = { secret, token: code, epoch, period: totpPeriodSeconds, algorithm, digits, epochTolerance: totpPeriodSeconds };
  const newestStepInWindow = Math.floor(epoch / totpPeriodSeconds) + 1;

  // otplib refuses an afterTimeStep past the window, and then no step in the window could be fresh anyway.
  if (lastUsedStep === null || lastUsedStep < newestStepInWindow) {
    const fresh = verifySync({ ...options, ...(lastUsedStep === null ? {} : { afterTimeStep: lastUsedStep }) });
    // The functional API types HOTP and TOTP results together; only the TOTP one carries timeStep.
    if (fresh.valid && 'timeStep' in fresh) return { ok: true, step: fresh.timeStep };
  }
  if (lastUsedStep !== null && verifySync(options).valid) return { ok: false, reason: 'replayed' };
  return { ok: false, reason: 'invalid' };
}
