import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * Listens behind the sidecar. Node closes idle keep-alive connections after 5 s by default,
 * racing Envoy reusing them (a 503 "connection termination"); the app keeps them longer than
 * the sidecar's own idle timeout (1 h default, capped here), so Envoy always closes first.
 */
export async function listenBehindSidecar(app: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  server.keepAliveTimeout = 3_700_000;
  server.headersTimeout = 3_701_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject).listen(port, host));
  return server;
}
