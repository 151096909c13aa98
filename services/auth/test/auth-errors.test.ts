import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemError, tokenErrorCatalogue } from '@lynk/common';
import { authErrorCatalogue, authErrors } from '../src/domain/auth-errors.ts';

const expectedStatuses = {
  AUTH_PHONE_INVALID: 400,
  AUTH_CODE_INVALID: 400,
  AUTH_CODE_EXPIRED: 400,
  AUTH_CODE_LOCKED: 429,
  AUTH_RATE_LIMITED: 429,
  AUTH_TOTP_REQUIRED: 401,
  AUTH_TOTP_INVALID: 400,
  AUTH_TOTP_ALREADY_ENABLED: 409,
  AUTH_TOTP_NOT_ENABLED: 409,
  AUTH_REFRESH_INVALID: 401,
  AUTH_REFRESH_REUSED: 401,
  AUTH_SESSION_REVOKED: 401,
  AUTH_TOKEN_INVALID: 401,
  AUTH_TOKEN_EXPIRED: 401,
  AUTH_CHALLENGE_INVALID: 400,
  AUTH_USER_NOT_FOUND: 404,
  AUTH_SESSION_NOT_FOUND: 404,
};

describe('auth error catalogue', () => {
  it('declares every auth failure with its HTTP status', () => {
    for (const [code, status] of Object.entries(expectedStatuses)) {
      assert.equal(authErrorCatalogue[code as keyof typeof authErrorCatalogue]?.status, status, code);
    }
  });

  it('gives every code an AUTH_ prefix and a human title', () => {
    for (const [code, { title }] of Object.entries(authErrorCatalogue)) {
      assert.match(code, /^AUTH_[A-Z_]+$/);
      assert.ok(title.length > 10 && /^[A-Z]/.test(title), `${code}: ${title}`);
    }
  });

  it('shares the token errors with common, so a client sees the same code from auth and from other services', () => {
    for (const [code, definition] of Object.entries(tokenErrorCatalogue)) {
      assert.deepEqual(authErrorCatalogue[code as keyof typeof authErrorCatalogue], definition, code);
    }
  });

  it('raises a ProblemError that renders as problem+json', () => {
    assert.throws(
      () => authErrors.raise('AUTH_CODE_LOCKED', 'Request a new code'),
      (error: unknown) => {
        assert.ok(error instanceof ProblemError);
        assert.deepEqual(error.toProblem('/api/auth/verify'), {
          type: 'urn:lynk:problem:AUTH_CODE_LOCKED',
          title: authErrorCatalogue.AUTH_CODE_LOCKED.title,
          status: 429,
          code: 'AUTH_CODE_LOCKED',
          detail: 'Request a new code',
          instance: '/api/auth/verify',
        });
        return true;
      },
    );
  });
});
