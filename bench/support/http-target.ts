/**
 * HTTP side of bench/mesh-overhead.ts: the stand-in message app (a child process on the
 * message app port) and a keep-alive GET that checks the status and reads the whole body.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';

export interface PingServer {
  pid: number;
  stop(): void;
}

/** Forks ping-server.ts on 127.0.0.1:port; rejects with the bind error (e.g. EADDRINUSE). */
export function startPingServer(port: number): Promise<PingServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./ping-server.ts', import.meta.url)), [String(port)], {
    // The parent runs under `--import tsx`; the child needs the same loader.
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the ping server did not start listening on ${port} within 15 s`));
    }, 15_000);
    child.once('message', (message: { listening?: number; error?: string }) => {
      clearTimeout(timer);
      if (message.listening) resolve({ pid: child.pid!, stop });
      else reject(new Error(`the ping server could not listen on 127.0.0.1:${port}: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ping server exited (code ${code}) before listening`));
    });
  });
}

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, keepAliveMsecs: 10_000 });
}

/** GET http://127.0.0.1:port/path; resolves with the body, rejects unless the status is 200. */
export function httpGet(agent: Agent, port: number, path: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get({ agent, host: '127.0.0.1', port, path, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode === 200) resolve(body);
        else reject(new Error(`HTTP ${response.statusCode} from 127.0.0.1:${port}${path}: ${body.slice(0, 200)}`));
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from 127.0.0.1:${port}${path} within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
