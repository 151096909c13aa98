import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ClientRequest } from 'node:http';
import tls from 'node:tls';
import { watchRequest } from './request-departure.ts';

/**
 * A keep-alive HTTPS agent that gives a request its connection only once TLS is up, so the
 * request's bytes reach the OS the moment they are written rather than waiting in a buffer for
 * the handshake (request-departure.ts commits a claim just before that write and relies on it).
 * It also tells request-departure.ts whose request each one is, while still in the caller's
 * context. With `redirectTo`, every connection goes to that origin whatever host the URL names,
 * trusting only `ca`: the real SDK, unchanged, then talks to a local stand-in of Google's APIs.
 */
export function connectedAgent(options: { redirectTo?: URL; ca?: string; maxSockets?: number } = {}): https.Agent {
  class ConnectedAgent extends https.Agent {
    // Called from the request's constructor (untyped in @types/node).
    addRequest(request: ClientRequest, requestOptions: object): void {
      watchRequest(request);
      (https.Agent.prototype as unknown as { addRequest: (request: ClientRequest, options: object) => void }).addRequest.call(this, request, requestOptions);
    }

    override createConnection(connection: https.RequestOptions, callback?: (error: Error | null, socket: Duplex) => void): undefined {
      const { redirectTo, ca } = options;
      const { servername, ...rest } = connection as tls.ConnectionOptions;
      const target: tls.ConnectionOptions = redirectTo ? { ...rest, host: redirectTo.hostname, port: Number(redirectTo.port || 443), ...(ca ? { ca } : {}) } : { ...rest, ...(servername ? { servername } : {}) };
      const socket = tls.connect(target);
      socket.once('secureConnect', () => callback?.(null, socket)).once('error', (error) => callback?.(error, socket));
      // Nothing returned: the agent waits for the callback, i.e. for the handshake.
      return undefined;
    }
  }
  return new ConnectedAgent({ keepAlive: true, ...(options.maxSockets ? { maxSockets: options.maxSockets } : {}) });
}
