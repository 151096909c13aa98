import type { JsonWebKey } from 'node:crypto';

export interface PublishedJwk extends JsonWebKey {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

/** The body of `/.well-known/jwks.json`; only the public members of each key are copied, so a private `d` can never leak. */
export function jwksDocument(keys: readonly { kid: string; publicJwk: JsonWebKey }[]): { keys: PublishedJwk[] } {
  return {
    keys: keys.map(({ kid, publicJwk }) => {
      const { kty, crv, x, y } = publicJwk;
      if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') throw new Error(`signing key ${kid} is not a P-256 public key`);
      return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
    }),
  };
}
