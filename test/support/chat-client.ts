import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { localCaPaths } from '../../init/local-ca.ts';
import type { AckResponse, ClientToServerEvents, MessageView, ServerToClientEvents } from '../../services/message/src/socket/chat-events.ts';
import { edgeOrigin } from './edge-client.ts';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects through the public edge with the official client, the way the apps do. Resolves once connected. */
/** Any address in 127/8 but 127.0.0.1, where test and bench traffic without one comes from. */
function randomLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export function connectChat(token: string, options: { transports?: ('websocket' | 'polling')[] } = {}): Promise<ChatSocket> {
  const socket: ChatSocket = io(edgeOrigin, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    auth: { token },
    ca: readFileSync(localCaPaths().caCert, 'utf8'),
    reconnection: false,
    timeout: 5000,
    forceNew: true,
    // Each WebSocket comes from an address of its own, as different people's would, so the message
    // sidecar (which places clients by address) spreads them over the instances. engine.io-client
    // hands localAddress to ws, though its types omit it.
    ...((options.transports ?? ['websocket']).includes('polling') ? {} : ({ localAddress: randomLoopbackAddress() } as object)),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The `connect_error` a refused handshake gives: its message and the `data.code` the server set. */
export async function refusedHandshake(token: unknown): Promise<{ message: string; code: string | undefined }> {
  try {
    const socket = await connectChat(token as string);
    socket.close();
    throw new Error('the handshake was accepted');
  } catch (error) {
    const refused = error as Error & { data?: { code?: string } };
    return { message: refused.message, code: refused.data?.code };
  }
}

/** Sends a message and waits for its acknowledgement. */
export function send(socket: ChatSocket, roomId: string, body: string, clientMsgId: string = randomUUID()): Promise<AckResponse<MessageView>> {
  return socket.timeout(10_000).emitWithAck('message:send', { roomId, clientMsgId, body });
}

type CommandName = keyof ClientToServerEvents;
type CommandPayload<Name extends CommandName> = Parameters<ClientToServerEvents[Name]>[0];
type CommandResult<Name extends CommandName> = Parameters<Parameters<ClientToServerEvents[Name]>[1]>[0];

/** Sends any typed command and waits for its acknowledgement. */
export function command<Name extends CommandName>(socket: ChatSocket, name: Name, payload: CommandPayload<Name>): Promise<CommandResult<Name>> {
  const timed = socket.timeout(10_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<CommandResult<Name>> };
  return timed.emitWithAck(name, payload);
}

/** Collects every payload of one server event a socket receives, to assert on later. */
export function collect<Name extends keyof ServerToClientEvents>(socket: ChatSocket, name: Name): Parameters<ServerToClientEvents[Name]>[0][] {
  const received: Parameters<ServerToClientEvents[Name]>[0][] = [];
  (socket as unknown as { on(event: string, listener: (payload: unknown) => void): void }).on(name, (payload) => received.push(payload as Parameters<ServerToClientEvents[Name]>[0]));
  return received;
}

/** Collects every `message:new` a socket receives, to assert on later. */
export function inbox(socket: ChatSocket): MessageView[] {
  const received: MessageView[] = [];
  socket.on('message:new', (message) => received.push(message));
  return received;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds, or fails after `timeoutMs` with `what`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
