/**
 * Stand-in for the message app in bench/mesh-overhead.ts: answers every request with a small
 * JSON body. Runs as a child process (forked by http-target.ts) so it has its own event loop,
 * like the real app, instead of sharing one with the load generator. Exits with its parent.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const body = Buffer.from(JSON.stringify({ ok: true, service: 'message', bench: 'mesh-overhead' }));

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
// Longer than any pause between bench phases, so no idle keep-alive connection (ours or a
// sidecar's pooled upstream one) is closed under a request.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.once('error', (error: NodeJS.ErrnoException) => {
  process.send?.({ error: error.code ?? error.message });
  process.exit(1);
});
server.listen({ port, host: '127.0.0.1', exclusive: true }, () => process.send?.({ listening: port }));
process.on('disconnect', () => process.exit(0));
