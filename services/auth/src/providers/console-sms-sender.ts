import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SmsSender } from './sms-sender.ts';

/**
 * Development only: appends each SMS as a JSON line to a sink file (README: "Reading SMS codes
 * in development"). Production refuses to start with it (config.ts).
 */
export function consoleSmsSender(sinkFile: string): SmsSender {
  return {
    name: 'console',
    async send(to, body) {
      await mkdir(dirname(sinkFile), { recursive: true });
      await appendFile(sinkFile, `${JSON.stringify({ at: new Date().toISOString(), to, body })}\n`, { mode: 0o600 });
    },
  };
}
