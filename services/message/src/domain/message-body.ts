import { messageErrors } from './message-errors.ts';

/** Characters a chat body may hold: printable text plus newline and tab. Markdown stays plain text. */
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const maxBodyCharacters = 4000;

/** Validates and normalises a body: NFC, trimmed ends, no control or bidi-override characters. */
export function validateMessageBody(raw: string): string {
  const body = raw.normalize('NFC').trim();
  if (body.length === 0) messageErrors.raise('MESSAGE_INVALID', 'the body is empty');
  if ([...body].length > maxBodyCharacters) messageErrors.raise('MESSAGE_TOO_LARGE', `the body is longer than ${maxBodyCharacters} characters`);
  if (controlCharacters.test(body)) messageErrors.raise('MESSAGE_INVALID', 'the body contains control characters');
  return body;
}
