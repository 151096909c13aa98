import { defineErrors, tokenErrorCatalogue } from '@lynk/common';

/** Every error the auth service answers with; token errors come from common so all services share them. */
export const authErrorCatalogue = {
  ...tokenErrorCatalogue,
  AUTH_PHONE_INVALID: { status: 400, title: 'The phone number is not valid' },
  AUTH_CODE_INVALID: { status: 400, title: 'The verification code is wrong' },
  AUTH_CODE_EXPIRED: { status: 400, title: 'The verification code has expired' },
  AUTH_CODE_LOCKED: { status: 429, title: 'Too many wrong verification codes; request a new one' },
  AUTH_RATE_LIMITED: { status: 429, title: 'Too many attempts; try again later' },
  AUTH_SMS_UNDELIVERABLE: { status: 502, title: 'The verification code could not be sent' },
  AUTH_CHALLENGE_INVALID: { status: 400, title: 'The sign-in challenge is unknown or already used' },
  AUTH_TOTP_REQUIRED: { status: 401, title: 'A code from the authenticator app is required' },
  AUTH_TOTP_INVALID: { status: 400, title: 'The authenticator code is wrong' },
  AUTH_TOTP_ALREADY_ENABLED: { status: 409, title: 'Two-factor authentication is already enabled' },
  AUTH_TOTP_NOT_ENABLED: { status: 409, title: 'Two-factor authentication is not enabled' },
  AUTH_TOTP_SETUP_NOT_STARTED: { status: 409, title: 'Two-factor setup was not started or has expired' },
  AUTH_RECOVERY_CODE_INVALID: { status: 400, title: 'The recovery code is wrong or already used' },
  AUTH_REFRESH_INVALID: { status: 401, title: 'The refresh token is not valid' },
  AUTH_REFRESH_EXPIRED: { status: 401, title: 'The refresh token has expired; sign in again' },
  AUTH_REFRESH_REUSED: { status: 401, title: 'The refresh token was already used; the session has been signed out' },
  AUTH_PHONE_TAKEN: { status: 409, title: 'This phone number already has an account' },
  AUTH_USER_NOT_FOUND: { status: 404, title: 'No such user' },
  AUTH_SESSION_NOT_FOUND: { status: 404, title: 'No such session' },
} as const;

export type AuthErrorCode = keyof typeof authErrorCatalogue;

export const authErrors = defineErrors(authErrorCatalogue);
