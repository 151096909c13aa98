import { takeClosedWindows } from '../store/collapse-windows.ts';
import { devicesOf } from '../store/device-repository.ts';
import { pushPreview } from '../domain/push-preview.ts';
import { deliverPush } from './deliver-push.ts';
import type { NotificationContext } from './notification-context.ts';

/** Sends one summary push per closed window that folded messages: "5 new messages" instead of five pushes. */
export async function flushCollapsedPushes(context: NotificationContext): Promise<number> {
  let sent = 0;
  for (const window of await takeClosedWindows(context.pool, 200)) {
    for (const device of await devicesOf(context.pool, [window.userId])) {
      const outcome = await deliverPush(context, {
        messageId: window.lastMessageId,
        roomId: window.roomId,
        userId: window.userId,
        token: device.token,
        title: 'Lynk',
        body: pushPreview('', { hideContent: true, folded: window.folded }),
        kind: 'summary',
        attempt: 1,
        notBefore: 0,
      });
      if (outcome === 'sent') sent++;
    }
  }
  return sent;
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
