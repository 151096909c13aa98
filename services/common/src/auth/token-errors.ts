import { defineErrors } from '../problem.ts';

/** Access-token failures, shared by every service that verifies tokens so clients see one code set. */
export const tokenErrorCatalogue = {
  AUTH_TOKEN_INVALID: { status: 401, title: 'The access token is not valid' },
  AUTH_TOKEN_EXPIRED: { status: 401, title: 'The access token has expired' },
  AUTH_SESSION_REVOKED: { status: 401, title: 'The session has been signed out' },
  AUTH_KEYS_UNAVAILABLE: { status: 503, title: 'The token signing keys could not be loaded' },
} as const;

export type TokenErrorCode = keyof typeof tokenErrorCatalogue;

export const tokenErrors = defineErrors(tokenErrorCatalogue);
