/**
 * Which `lynk-instance` cookie value lands on which message instance. The message sidecar
 * balances with a hash ring over that cookie, so a value that sent sockets to an instance once
 * sends every later socket there too (while the same instances are up). Found the way an
 * operator would: open sockets with a random value and see whose connection gauge went up.
 */
import { randomUUID } from 'node:crypto';
import type { MessageInstance } from '../../test/support/message-instances.ts';
import { parsePrometheusText, sampleSum } from '../../test/support/prometheus-text.ts';
import type { BenchSocket } from './edge-chat-socket.ts';

/** Each instance's `lynk_socket_connections`, in the order given. */
export async function openSocketCounts(instances: readonly MessageInstance[]): Promise<number[]> {
  return Promise.all(
    instances.map(async (instance) => {
      const response = await fetch(`http://127.0.0.1:${instance.port}/metrics`, { signal: AbortSignal.timeout(5000) });
      return sampleSum(parsePrometheusText(await response.text()), 'lynk_socket_connections');
    }),
  );
}

/** Where `probeSize` sockets opened with `pin` went: the one instance that gained them all, if exactly one did. */
async function landingOf(instances: readonly MessageInstance[], pin: string, probeSize: number, open: (pin: string, index: number) => Promise<BenchSocket>): Promise<MessageInstance | undefined> {
  const before = await openSocketCounts(instances);
  const sockets = await Promise.all(Array.from({ length: probeSize }, (_, index) => open(pin, index)));
  const after = await openSocketCounts(instances);
  for (const socket of sockets) socket.close();
  // Other clients of a shared stack open and close sockets too; a probe of several at once stands out from them.
  const gained = instances.filter((_, index) => after[index]! - before[index]! >= probeSize);
  return gained.length === 1 ? gained[0] : undefined;
}

/**
 * One cookie value per instance (instance name -> value). A value counts once two probes
 * landed on the same instance. `open` connects one socket with the cookie value given.
 */
export async function findInstanceCookies(instances: readonly MessageInstance[], open: (pin: string, index: number) => Promise<BenchSocket>, probeSize = 5): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let attempt = 0; attempt < 40 && found.size < instances.length; attempt++) {
    const pin = randomUUID();
    const first = await landingOf(instances, pin, probeSize, open);
    if (!first || found.has(first.name)) continue;
    const second = await landingOf(instances, pin, probeSize, open);
    if (second?.name === first.name) found.set(first.name, pin);
  }
  const missing = instances.filter((instance) => !found.has(instance.name)).map((instance) => instance.name);
  if (missing.length > 0) throw new Error(`no cookie value led to ${missing.join(', ')} in 40 tries; is the instance taking connections?`);
  return found;
}
