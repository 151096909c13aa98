import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { authErrors } from './auth-errors.ts';

/** Longer than any formatted number; spares the parser arbitrarily long input. */
const maxInputLength = 64;

/**
 * A phone number as E.164 (`+14155550123`), checked against the full metadata so numbers that cannot
 * exist are refused before an SMS is paid for. Without `defaultCountry` the input must start with `+`.
 */
export function normalizePhoneNumber(input: string, defaultCountry?: CountryCode): string {
  const trimmed = input.trim();
  // extract: false refuses text around the number instead of quietly picking a number out of it.
  const parsed = trimmed.length <= maxInputLength ? parsePhoneNumberFromString(trimmed, { defaultCountry, extract: false }) : undefined;
  if (!parsed || !parsed.isValid() || parsed.ext) {
    return authErrors.raise('AUTH_PHONE_INVALID', 'Give the full number in international format, for example +14155550123');
  }
  return parsed.number;
}
