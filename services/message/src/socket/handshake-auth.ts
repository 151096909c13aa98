import { ProblemError, type JwtVerifier } from '@lynk/common';
import type { HandshakeErrorData } from './chat-events.ts';
import type { ChatSocket } from './socket-types.ts';

/** A refused handshake: the client sees `connect_error` with `data.code`. */
function refusal(message: string, data: HandshakeErrorData): Error & { data: HandshakeErrorData } {
  return Object.assign(new Error(message), { data });
}

/** Verifies `auth.token` with the common verifier (signature, claims, revocation) before any event is read. */
export function handshakeAuth(verifier: JwtVerifier) {
  return async (socket: ChatSocket, next: (error?: Error) => void) => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token === '') return next(refusal('send the access token as auth.token', { code: 'AUTH_TOKEN_INVALID', status: 401 }));
    try {
      const verified = await verifier.verify(token);
      socket.data.userId = verified.userId;
      socket.data.sessionId = verified.sessionId;
      next();
    } catch (error) {
      if (error instanceof ProblemError) return next(refusal(error.detail ?? error.title, { code: error.code, status: error.status }));
      next(refusal('the token could not be verified', { code: 'AUTH_KEYS_UNAVAILABLE', status: 503 }));
    }
  };
}
