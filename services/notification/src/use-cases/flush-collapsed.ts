import { takeClosedWindows } from '../store/collapse-windows.ts';
import { devicesOf } from '../store/device-repository.ts';
import { pushPreview } from '../domain/push-preview.ts';
import type { PushJob } from '../events/push-job.ts';
import { deliverPushes } from './deliver-pushes.ts';
import type { NotificationContext } from './notification-context.ts';

/** Sends one summary push per closed window that folded messages: "5 new messages" instead of five pushes. */
export async function flushCollapsedPushes(context: NotificationContext): Promise<number> {
  const windows = await takeClosedWindows(context.pool, 200);
  if (windows.length === 0) return 0;
  const devices = await devicesOf(context.pool, [...new Set(windows.map((window) => window.userId))]);
  const jobs = windows.flatMap((window) =>
    devices
      .filter((device) => device.userId === window.userId)
      .map((device): PushJob => ({
        messageId: window.lastMessageId,
        roomId: window.roomId,
        userId: window.userId,
        token: device.token,
        title: 'Lynk',
        body: pushPreview('', { hideContent: true, folded: window.folded }),
        kind: 'summary',
        attempt: 1,
        notBefore: 0,
      })),
  );
  return (await deliverPushes(context, jobs)).sent;
}

/** Polls for closed windows; one instance at a time takes each (SKIP LOCKED). */
export function startCollapsedPushFlusher(context: NotificationContext, everyMs = 1000): { stop: () => Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = flushCollapsedPushes(context)
      .catch((error: unknown) => context.logger.warn({ err: error }, 'summary pushes not sent; retrying'))
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
