import { randomUUID } from 'node:crypto';
import type https from 'node:https';
import { cert, deleteApp, initializeApp, type Credential } from 'firebase-admin/app';
import { getMessaging } from 'firebase-admin/messaging';
import type { PushOutcome, PushSender } from './push-sender.ts';
import { watchingDeparture } from './request-departure.ts';

export interface FcmSettings {
  serviceAccount: { projectId: string; clientEmail: string; privateKey: string };
  /** Every FCM request goes through it (providers/connected-agent.ts, which also reaches a stand-in). */
  httpAgent: https.Agent;
  /** Only to reach a stand-in: tokens come from `credential`. */
  standin?: { credential: Credential };
}

// FCM v1 error codes, as firebase-admin reports them (`messaging/...`).
const deadToken = new Set(['messaging/registration-token-not-registered', 'messaging/invalid-registration-token']);
const transient = new Set(['messaging/server-unavailable', 'messaging/internal-error', 'messaging/quota-exceeded', 'messaging/message-rate-exceeded', 'messaging/device-message-rate-exceeded', 'messaging/unknown-error']);

/** Sorts an FCM failure into prune, retry or give up. Network trouble is worth a retry. */
export function classifyFcmError(error: unknown): PushOutcome {
  const code = (error as { code?: string }).code ?? '';
  const reason = `${code || 'error'}: ${(error as Error).message ?? String(error)}`.slice(0, 500);
  if (deadToken.has(code)) return { status: 'invalid-token', reason };
  if (code === 'messaging/invalid-argument' && /token/i.test(reason)) return { status: 'invalid-token', reason };
  if (transient.has(code) || code === 'app/network-error' || code === 'app/network-timeout' || !code.startsWith('messaging/')) return { status: 'retry', reason };
  return { status: 'rejected', reason };
}

/** FCM v1's send call (`.../messages:send`); the SDK's other requests (OAuth tokens) do not carry the push. */
const isSendCall = (request: { path: string }) => request.path.endsWith('/messages:send');

/** The real firebase-admin SDK, sending FCM v1 messages one token at a time. */
export function fcmPushSender(settings: FcmSettings): PushSender {
  const app = initializeApp(
    { credential: settings.standin?.credential ?? cert(settings.serviceAccount), projectId: settings.serviceAccount.projectId, httpAgent: settings.httpAgent },
    `lynk-push-${randomUUID()}`,
  );
  const messaging = getMessaging(app);
  return {
    name: 'fcm',
    async send(message, departed = () => undefined) {
      try {
        await watchingDeparture(isSendCall, departed, () => messaging.send({
          token: message.token,
          notification: { title: message.title, body: message.body },
          data: message.data,
          android: { collapseKey: message.collapseKey, priority: 'high' },
          apns: { headers: { 'apns-collapse-id': message.collapseKey } },
          webpush: { headers: { Topic: message.collapseKey.replaceAll('-', '').slice(0, 32) } },
        }));
        return { status: 'sent' };
      } catch (error) {
        return classifyFcmError(error);
      }
    },
    async close() {
      await deleteApp(app);
    },
  };
}
