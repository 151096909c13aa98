import { randomUUID } from 'node:crypto';
import { fcmStandinDir, fcmStandinPort } from '../../mesh/src/services/notification-service.ts';
import type { SignedInUser } from './auth-users.ts';
import { callEdge, type EdgeReply } from './edge-client.ts';
import { standinCredentials, startFcmStandin, type FcmStandin, type ReceivedPush } from './fcm-standin.ts';

/** The FCM stand-in the stack's notification service sends to (it runs with LYNK_PUSH_PROVIDER=fcm-standin). */
export function startStackFcmStandin(): Promise<FcmStandin> {
  return startFcmStandin(standinCredentials(fcmStandinDir), fcmStandinPort);
}

export function notificationCall<T = Record<string, unknown>>(user: SignedInUser, method: string, path: string, json?: unknown): Promise<EdgeReply<T>> {
  return callEdge<T>(method, `/api/notifications${path}`, { token: user.accessToken, ...(json === undefined ? {} : { json }) });
}

/** Registers a phone for the user; the token is unique to this test unless `prefix` asks the stand-in to misbehave. */
export async function registerDevice(user: SignedInUser, prefix = 'device'): Promise<string> {
  const token = `${prefix}-${randomUUID()}`;
  const reply = await notificationCall(user, 'PUT', `/devices/phone-${randomUUID().slice(0, 8)}`, { token, platform: 'android' });
  if (reply.status !== 204) throw new Error(`device registration answered ${reply.status}: ${reply.text}`);
  return token;
}

export const pushesTo = (standin: FcmStandin, token: string): ReceivedPush[] => standin.received.filter((push) => push.message.token === token);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `token` has `count` pushes, then a little longer to be sure no more follow. */
export async function exactlyPushes(standin: FcmStandin, token: string, count: number, options: { timeoutMs?: number; settleMs?: number } = {}): Promise<ReceivedPush[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (pushesTo(standin, token).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} push(es) to ${token}, got ${pushesTo(standin, token).length}`);
    await sleep(50);
  }
  await sleep(options.settleMs ?? 1500);
  return pushesTo(standin, token);
}
