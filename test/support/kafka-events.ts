import type { LynkEvent } from '../../services/common/src/events/event-envelope.ts';
import { kafkaClient } from './clients.ts';
import { credentials, uniqueName } from './stack.ts';

/**
 * Reads `topic` from the start as notification (which may read user.*), through notification's
 * sidecar, until an event published after `since` matches; resolves with the matches. Topics
 * notification may not read are read as the operator, straight from the broker.
 */
export async function readEvents(topic: string, since: number, matches: (event: LynkEvent) => boolean, timeoutMs = 15_000, reader: 'notification' | 'operator' = 'notification'): Promise<LynkEvent[]> {
  const kafka = reader === 'operator' ? kafkaClient(credentials().kafka.admin, 'operator') : kafkaClient(credentials().kafka.services.notification, 'notification');
  const consumer = kafka.consumer({ groupId: uniqueName('notification-test'), maxWaitTimeInMs: 100 });
  const found: LynkEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching ${topic} event within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (Number(message.timestamp) < since - 1000 || !message.value) return;
          const event = JSON.parse(message.value.toString()) as LynkEvent;
          if (!matches(event)) return;
          found.push(event);
          clearTimeout(timer);
          resolve();
        },
      });
    });
    return found;
  } finally {
    await consumer.disconnect();
  }
}
