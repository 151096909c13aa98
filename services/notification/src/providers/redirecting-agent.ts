import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';

/**
 * An HTTPS agent that opens every connection to `origin`, whatever host the URL names, trusting
 * only `ca`. It lets the real SDK, unchanged, talk to a local stand-in of Google's APIs.
 */
export function redirectingAgent(origin: URL, ca: string | undefined): https.Agent {
  class RedirectingAgent extends https.Agent {
    override createConnection(options: tls.ConnectionOptions, callback?: (error: Error | null, socket: Socket) => void): Socket {
      const { servername: _servername, ...rest } = options;
      const socket = tls.connect({ ...rest, host: origin.hostname, port: Number(origin.port || 443), ...(ca ? { ca } : {}) });
      if (callback) socket.once('secureConnect', () => callback(null, socket)).once('error', (error) => callback(error, socket));
      return socket;
    }
  }
  return new RedirectingAgent({ keepAlive: true });
}
