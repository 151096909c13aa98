import jwt from 'jsonwebtoken';
import { ProblemError } from '../problem.ts';
import { createJwksKeyStore, fetchJwksOverHttp, type FetchJwks } from './jwks-key-store.ts';
import { tokenErrors } from './token-errors.ts';
import { createVerifiedTokenCache, type VerifiedTokenEntry } from './verified-token-cache.ts';

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  isSessionRevoked?: (sessionId: string) => Promise<boolean>;
  fetchJwks?: FetchJwks;
  cacheTtlMs?: number;
  minRefetchIntervalMs?: number;
  clockToleranceSeconds?: number;
  /** How many verified tokens to remember (0: verify every signature). */
  verifiedTokensRemembered?: number;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
  onFetchError?: (error: unknown) => void;
}

export interface VerifiedAccessToken {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

export interface JwtVerifier {
  verify(token: string): Promise<VerifiedAccessToken>;
}

/** The only algorithm auth signs with; anything else in a header is an attack or a bug. */
const acceptedAlgorithm = 'ES256';
/** Enough for every active session of a busy instance; each entry costs ~200 bytes. */
const defaultVerifiedTokensRemembered = 4096;

function invalid(detail: string): ProblemError {
  return tokenErrors.create('AUTH_TOKEN_INVALID', detail);
}

/** Reads the header before any key is chosen, so `alg` and `kid` are checked before they can steer verification. */
function signingKeyId(token: string): string {
  let decoded: jwt.Jwt | null;
  try {
    decoded = jwt.decode(token, { complete: true });
  } catch {
    decoded = null;
  }
  if (!decoded) throw invalid('the token is not a JWT');
  const { alg, kid } = decoded.header;
  if (alg !== acceptedAlgorithm) throw invalid(`tokens signed with ${String(alg)} are not accepted`);
  if (typeof kid !== 'string' || kid === '') throw invalid('the token names no signing key');
  return kid;
}

/**
 * Verifies Lynk access tokens against auth's JWKS: ES256 only, issuer, audience and expiry checked,
 * `sub` and `sid` required, then the session asked whether it was revoked.
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const now = options.now ?? Date.now;
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const keyStore = createJwksKeyStore({
    jwksUrl: options.jwksUrl,
    fetchJwks: options.fetchJwks ?? fetchJwksOverHttp,
    cacheTtlMs: options.cacheTtlMs ?? 300_000,
    minRefetchIntervalMs: options.minRefetchIntervalMs ?? 1_000,
    now,
    onFetchError: options.onFetchError,
  });

  const remembered = options.verifiedTokensRemembered ?? defaultVerifiedTokensRemembered;
  // lru-cache refuses a size of 0, so "remember none" is no cache at all.
  const verifiedTokens = remembered > 0 ? createVerifiedTokenCache(remembered) : undefined;

  /** The full check: header, key, signature and claims. */
  async function verifySignatureAndClaims(token: string): Promise<VerifiedTokenEntry> {
    const kid = signingKeyId(token);
    const key = await keyStore.keyFor(kid);
    if (!key) throw invalid('the token is signed with a key auth does not publish');

    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: [acceptedAlgorithm],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance,
        clockTimestamp: Math.floor(now() / 1000),
      });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw tokenErrors.create('AUTH_TOKEN_EXPIRED', 'sign in again or refresh the token');
      if (error instanceof jwt.JsonWebTokenError) throw invalid(error.message);
      throw error;
    }

    if (typeof payload === 'string') throw invalid('the token has no claims');
    const { sub, sid, exp } = payload as { sub?: unknown; sid?: unknown; exp?: unknown };
    if (typeof exp !== 'number') throw invalid('the token has no expiry');
    if (typeof sub !== 'string' || sub === '') throw invalid('the token names no user');
    if (typeof sid !== 'string' || sid === '') throw invalid('the token names no session');
    return { kid, key, userId: sub, sessionId: sid, expiresAt: exp };
  }

  /** A remembered verification still holds while its key is served unchanged; expiry is checked as jsonwebtoken does. */
  async function rememberedVerification(token: string): Promise<VerifiedTokenEntry | undefined> {
    const entry = verifiedTokens?.get(token);
    if (!entry) return undefined;
    if ((await keyStore.keyFor(entry.kid)) !== entry.key) {
      verifiedTokens?.forget(token);
      return undefined;
    }
    if (Math.floor(now() / 1000) >= entry.expiresAt + clockTolerance) {
      verifiedTokens?.forget(token);
      throw tokenErrors.create('AUTH_TOKEN_EXPIRED', 'sign in again or refresh the token');
    }
    return entry;
  }

  return {
    async verify(token: string): Promise<VerifiedAccessToken> {
      let verified = await rememberedVerification(token);
      if (!verified) {
        verified = await verifySignatureAndClaims(token);
        verifiedTokens?.remember(token, verified);
      }
      if (options.isSessionRevoked && (await options.isSessionRevoked(verified.sessionId))) throw tokenErrors.create('AUTH_SESSION_REVOKED');
      return { userId: verified.userId, sessionId: verified.sessionId, expiresAt: new Date(verified.expiresAt * 1000) };
    },
  };
}
