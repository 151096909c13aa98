/**
 * Which message instance a socket landed on. The edge and the message sidecar pick the instance;
 * a test learns it the way an operator would, from each instance's own connection gauge.
 */
import { policy } from '../../mesh/policy.ts';
import { instancePort } from '../../mesh/src/mesh/envoy-config.ts';
import { readStackStatus } from '../../mesh/src/launcher/status.ts';
import { connectChat, type ChatSocket } from './chat-client.ts';
import { parsePrometheusText, sampleSum } from './prometheus-text.ts';

export interface MessageInstance {
  name: string;
  port: number;
}

/** The message instances the launcher runs now, in instance order. */
export function runningMessageInstances(): MessageInstance[] {
  const workload = policy.workload('message');
  if (workload.kind !== 'service') throw new Error('message is not a service');
  const running = new Set(readStackStatus()?.processes.filter((entry) => entry.state === 'ready').map((entry) => entry.name));
  return Array.from({ length: workload.instanceSlots }, (_, instance) => ({ name: instance === 0 ? 'message' : `message-${instance + 1}`, port: instancePort(workload.appPort, instance) })).filter((instance) =>
    running.has(instance.name),
  );
}

async function openSockets(instance: MessageInstance): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/metrics`);
  return sampleSum(parsePrometheusText(await response.text()), 'lynk_socket_connections');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects `token` until the socket lands on `wanted`; sockets that land elsewhere are closed. */
export async function connectOnInstance(token: string, wanted: MessageInstance, instances: MessageInstance[]): Promise<ChatSocket> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const before = await Promise.all(instances.map(openSockets));
    const socket = await connectChat(token);
    await sleep(50);
    const after = await Promise.all(instances.map(openSockets));
    const grown = instances.filter((_, index) => after[index]! - before[index]! === 1);
    if (grown.length === 1 && grown[0]!.name === wanted.name) return socket;
    socket.close();
    await sleep(100);
  }
  throw new Error(`no socket landed on ${wanted.name} in 30 attempts`);
}
