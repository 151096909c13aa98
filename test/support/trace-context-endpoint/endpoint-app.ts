import { request } from 'node:http';
import express from 'express';
import { z } from 'zod';

/** One instruction of the harness protocol: POST `arguments` as JSON to `url`. */
const callbackSchema = z.object({ url: z.string(), arguments: z.unknown().optional() });
const instructionsSchema = z.array(callbackSchema);
type Callback = z.infer<typeof callbackSchema>;

/** Only loopback callbacks, so the endpoint cannot be used to reach anything else. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Sends the callback with node's http client inside the incoming request's context, so the
 * http instrumentation opens a client span and injects its traceparent and tracestate.
 */
function postCallback(callback: Callback): Promise<number> {
  const body = JSON.stringify(callback.arguments ?? []);
  return new Promise((resolve, reject) => {
    const outgoing = request(callback.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

/** `POST /` with `[{ url, arguments }, ...]`: calls each url in order, then answers 200. */
export function traceContextApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/', async (request, response) => {
    const parsed = instructionsSchema.safeParse(request.body);
    if (!parsed.success) {
      response.status(400).json({ error: 'body must be a JSON array of { url, arguments }' });
      return;
    }
    const callbacks = parsed.data;
    const refused = callbacks.find(({ url }) => !URL.canParse(url) || new URL(url).protocol !== 'http:' || !loopbackHosts.has(new URL(url).hostname));
    if (refused) {
      response.status(400).json({ error: `callback url must be http on loopback: ${refused.url}` });
      return;
    }
    try {
      const statuses: number[] = [];
      for (const callback of callbacks) statuses.push(await postCallback(callback));
      response.status(200).json({ statuses });
    } catch (error) {
      response.status(502).json({ error: (error as Error).message });
    }
  });
  return app;
}
