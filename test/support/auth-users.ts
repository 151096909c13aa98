import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { smsSinkFile } from '../../mesh/src/services/auth-service.ts';
import { callEdge } from './edge-client.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A valid UK mobile number nobody else in this or an earlier run used. */
export function freshPhoneNumber(): string {
  for (;;) {
    const candidate = `+447${randomInt(400_000_000, 999_999_999)}`;
    if (isValidPhoneNumber(candidate)) return candidate;
  }
}

/** The latest code texted to `phone`, read from the development SMS sink like a developer would. */
export async function latestSmsCode(phone: string, after = 0): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (existsSync(smsSinkFile)) {
      const lines = readFileSync(smsSinkFile, 'utf8').trim().split('\n').filter(Boolean);
      const messages = lines.map((line) => JSON.parse(line) as { at: string; to: string; body: string }).filter((message) => message.to === phone && Date.parse(message.at) >= after);
      const code = /\b(\d{6})\b/.exec(messages.at(-1)?.body ?? '')?.[1];
      if (code) return code;
    }
    await sleep(100);
  }
  throw new Error(`no SMS reached ${phone}`);
}

export interface SignedInUser {
  phone: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

/** Signs up through the edge exactly as the app does: register, read the SMS, verify. */
export async function signUp(displayName = 'Test User', phone = freshPhoneNumber(), options: { localAddress?: string } = {}): Promise<SignedInUser> {
  const sentAt = Date.now();
  const started = await callEdge<{ challengeId: string }>('POST', '/api/auth/register', { json: { phone, displayName }, ...options });
  if (started.status !== 202) throw new Error(`register answered ${started.status}: ${started.text}`);
  const code = await latestSmsCode(phone, sentAt);
  const verified = await callEdge<{ user: { id: string }; accessToken: string; refreshToken: string; sessionId: string }>('POST', '/api/auth/register/verify', {
    json: { challengeId: started.body.challengeId, code, deviceName: 'test device' },
    ...options,
  });
  if (verified.status !== 201) throw new Error(`verify answered ${verified.status}: ${verified.text}`);
  return { phone, userId: verified.body.user.id, accessToken: verified.body.accessToken, refreshToken: verified.body.refreshToken, sessionId: verified.body.sessionId };
}

/** Starts a login as typed (`phone`) and returns the challenge plus the code texted to `normalisedPhone`. */
export async function startLogin(phone: string, normalisedPhone = phone): Promise<{ challengeId: string; code: string }> {
  const sentAt = Date.now();
  const started = await callEdge<{ challengeId: string }>('POST', '/api/auth/login', { json: { phone } });
  if (started.status !== 202) throw new Error(`login answered ${started.status}: ${started.text}`);
  return { challengeId: started.body.challengeId, code: await latestSmsCode(normalisedPhone, sentAt) };
}
