/**
 * The instrumentations' require hook (require-in-the-middle) resolves the file of every
 * `require()` call again, skipping Node's own cache, and under the TypeScript loader (tsx) each
 * resolution costs about 0.1 ms. Some clients require lazily on every call (kafkajs loads a
 * protocol version for each produce and fetch), so that was ~5% of the message service's CPU.
 * A request from a given module always resolves to the same file in a running service, so the
 * answer is remembered.
 */
import { createRequire } from 'node:module';

type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, isMain?: boolean, options?: unknown) => string;

const require = createRequire(import.meta.url);
const Module = require('node:module') as { _resolveFilename: ResolveFilename & { remembered?: true } };

export function rememberModuleResolution(): void {
  const resolveFilename = Module._resolveFilename;
  if (resolveFilename.remembered) return;
  const resolved = new Map<string, string>();
  const remembering: ResolveFilename & { remembered?: true } = function (this: unknown, request, parent, isMain, options) {
    // Only the plain form is remembered: a main module or explicit lookup paths resolve as before.
    if (isMain || options !== undefined || !parent?.filename) return resolveFilename.call(this, request, parent, isMain, options);
    const key = `${parent.filename}\0${request}`;
    let filename = resolved.get(key);
    if (filename === undefined) {
      filename = resolveFilename.call(this, request, parent, isMain, options);
      resolved.set(key, filename);
    }
    return filename;
  };
  remembering.remembered = true;
  Module._resolveFilename = remembering;
}
