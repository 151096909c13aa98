import { messageErrors } from './message-errors.ts';

// One emoji as Unicode recommends it (RGI), including ZWJ sequences, flags and keycaps.
// Built at run time: the `v` flag is newer than the compile target, not than Node 20.
const singleEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** A reaction is exactly one emoji; anything else would let reactions carry text. */
export function validateReactionEmoji(raw: string): string {
  const emoji = raw.normalize('NFC');
  if (!singleEmoji.test(emoji)) messageErrors.raise('REACTION_INVALID', 'a reaction is exactly one emoji');
  return emoji;
}
