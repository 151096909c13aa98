import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { tokenErrors } from './token-errors.ts';

export interface JsonWebKeySet {
  keys: JsonWebKey[];
}

export type FetchJwks = (url: string) => Promise<JsonWebKeySet>;

export interface JwksKeyStoreOptions {
  jwksUrl: string;
  fetchJwks: FetchJwks;
  cacheTtlMs: number;
  minRefetchIntervalMs: number;
  now: () => number;
  onFetchError?: (error: unknown) => void;
}

const jwksRequestTimeoutMs = 5_000;

/** The default `fetchJwks`: one GET with a timeout; anything but a JSON object with a `keys` array is an error. */
export async function fetchJwksOverHttp(url: string): Promise<JsonWebKeySet> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(jwksRequestTimeoutMs) });
  if (!response.ok) throw new Error(`JWKS request to ${url} answered ${response.status}`);
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw new Error(`JWKS at ${url} has no keys array`);
  }
  return body as JsonWebKeySet;
}

/** Keeps only P-256 signing keys with a kid; a malformed entry is skipped rather than failing the whole set. */
function importSigningKeys(jwks: JsonWebKey[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks) {
    const { kid, alg, use } = jwk as { kid?: unknown; alg?: unknown; use?: unknown };
    if (typeof kid !== 'string' || kid === '' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') continue;
    if ((alg !== undefined && alg !== 'ES256') || (use !== undefined && use !== 'sig') || jwk.d !== undefined) continue;
    try {
      keys.set(kid, createPublicKey({ key: jwk, format: 'jwk' }));
    } catch {
      continue;
    }
  }
  return keys;
}

/**
 * The JWKS cache behind the verifier: refreshed after `cacheTtlMs`, refetched on an unknown kid, but never
 * fetched more than once per `minRefetchIntervalMs` so forged kids cannot make every request hit auth.
 */
export function createJwksKeyStore(options: JwksKeyStoreOptions) {
  let keys: Map<string, KeyObject> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const refetch = async (): Promise<void> => {
    if (!inFlight) {
      if (options.now() - attemptedAt < options.minRefetchIntervalMs) return;
      attemptedAt = options.now();
      inFlight = options
        .fetchJwks(options.jwksUrl)
        .then((jwks) => {
          keys = importSigningKeys(jwks.keys);
          fetchedAt = options.now();
        })
        // A failed refresh keeps serving the previous keys; only a store that never loaded reports unavailable.
        .catch((error: unknown) => options.onFetchError?.(error))
        .finally(() => {
          inFlight = undefined;
        });
    }
    await inFlight;
  };

  return {
    /** The public key for `kid`, or undefined when auth does not publish it. */
    async keyFor(kid: string): Promise<KeyObject | undefined> {
      if (keys === undefined || options.now() - fetchedAt >= options.cacheTtlMs) await refetch();
      if (keys !== undefined && !keys.has(kid)) await refetch();
      if (keys === undefined) throw tokenErrors.create('AUTH_KEYS_UNAVAILABLE', `no signing keys could be fetched from ${options.jwksUrl}`);
      return keys.get(kid);
    },
  };
}
