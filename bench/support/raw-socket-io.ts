/**
 * A bare Socket.IO v4 client over one WebSocket (Engine.IO v4 framing), for holding thousands of
 * idle connections from one process: the official client costs far more memory per connection
 * on the bench's side, and idle connections only need to connect and answer pings.
 */
import { WebSocket } from 'ws';

/** `cookie`, when given, is sent on the upgrade (e.g. `lynk-instance=<pin>` to choose the message instance). */
export function openIdleSocket(url: string, token: string, ca: string, localAddress: string, cookie?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}/socket.io/?EIO=4&transport=websocket`, { ca, localAddress, perMessageDeflate: false, ...(cookie ? { headers: { cookie } } : {}) });
    socket.on('message', (data) => {
      const frame = data.toString();
      if (frame.startsWith('0')) socket.send(`40${JSON.stringify({ token })}`);
      else if (frame === '2') socket.send('3');
      else if (frame.startsWith('40')) resolve(socket);
      else if (frame.startsWith('44')) reject(new Error(`handshake refused: ${frame}`));
    });
    socket.on('error', reject);
    socket.on('unexpected-response', (_request, response) => reject(new Error(`no upgrade: ${response.statusCode}`)));
  });
}
