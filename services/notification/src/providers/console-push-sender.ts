import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PushSender } from './push-sender.ts';

/**
 * Development only: appends each push as a JSON line to a sink file (README: "Notifications").
 * Production refuses to start with it (config.ts).
 */
export function consolePushSender(sinkFile: string): PushSender {
  return {
    name: 'console',
    async send(message, departed) {
      await mkdir(dirname(sinkFile), { recursive: true });
      const written = departed?.();
      try {
        await appendFile(sinkFile, `${JSON.stringify({ at: new Date().toISOString(), ...message })}\n`, { mode: 0o600 });
      } finally {
        written?.();
      }
      return { status: 'sent' };
    },
    async close() {},
  };
}
