import type { Server } from 'node:http';
import type { Logger } from './logger.ts';

export interface GracefulShutdownOptions {
  server: Server;
  logger: Logger;
  /** Closed in order after the server stops accepting: consumers, pools, clients. */
  closers?: Array<{ name: string; close: () => Promise<void> }>;
  timeoutMs: number;
  signals?: NodeJS.Signals[];
  /** Injected in tests; exits the process otherwise. */
  exit?: (code: number) => void;
}

export interface ShutdownHandle {
  isShuttingDown: () => boolean;
  shutdown: (reason: string) => Promise<void>;
}

/**
 * On SIGTERM/SIGINT: report not-ready, stop accepting connections, let in-flight requests
 * finish, close dependencies, exit 0. If that takes longer than `timeoutMs`, exit 1.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): ShutdownHandle {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;
  let done: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    if (done) return done;
    shuttingDown = true;
    options.logger.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, 'graceful shutdown timed out');
      exit(1);
    }, options.timeoutMs);
    timer.unref();
    done = (async () => {
      await new Promise<void>((resolve) => {
        options.server.close(() => resolve());
        options.server.closeIdleConnections();
      });
      for (const closer of options.closers ?? []) {
        try {
          await closer.close();
        } catch (error) {
          options.logger.error({ err: error, closer: closer.name }, 'failed to close');
        }
      }
      clearTimeout(timer);
      options.logger.info('shutdown complete');
      exit(0);
    })();
    return done;
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.once(signal, () => void shutdown(signal));
  return { isShuttingDown: () => shuttingDown, shutdown };
}
