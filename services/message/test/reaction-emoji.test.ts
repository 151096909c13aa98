import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProblemError } from '@lynk/common';
import { validateReactionEmoji } from '../src/domain/reaction-emoji.ts';

const codeOf = (emoji: string) => {
  try {
    validateReactionEmoji(emoji);
    return 'ok';
  } catch (error) {
    return (error as ProblemError).code;
  }
};

describe('reaction emoji', () => {
  it('accepts exactly one emoji, including skin tones, ZWJ families, flags and keycaps', () => {
    for (const emoji of ['👍', '👍🏽', '❤️', '👨‍👩‍👧', '🇬🇧', '1️⃣']) assert.equal(codeOf(emoji), 'ok', emoji);
  });

  it('refuses text, two emoji and empty reactions', () => {
    for (const emoji of ['a', 'lol', '👍👍', '', ' 👍', ':+1:']) assert.equal(codeOf(emoji), 'REACTION_INVALID', JSON.stringify(emoji));
  });
});
