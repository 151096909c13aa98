import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/**
 * A keep-alive HTTPS agent that gives a request its connection only once TLS is up, so the
 * request's bytes reach the OS the moment it is written rather than waiting in a buffer for the
 * handshake (request-departure.ts relies on that). With `redirectTo`, every connection goes to
 * that origin whatever host the URL names, trusting only `ca`: the real SDK, unchanged, then
 * talks to a local stand-in of Google's APIs.
 */
export function connectedAgent(options: { redirectTo?: URL; ca?: string } = {}): https.Agent {
  class ConnectedAgent extends https.Agent {
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
  return new ConnectedAgent({ keepAlive: true });
}
