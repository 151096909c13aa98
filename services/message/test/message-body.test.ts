import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemError } from '@lynk/common';
import { validateMessageBody } from '../src/domain/message-body.ts';

const codeOf = (body: string) => {
  try {
    validateMessageBody(body);
    return 'ok';
  } catch (error) {
    return (error as ProblemError).code;
  }
};

describe('message body', () => {
  it('keeps markdown, newlines, tabs and emoji as text, trimmed and NFC-normalised', () => {
    assert.equal(validateMessageBody('  **bold** _it_\n\t`code` 👋🏽  '), '**bold** _it_\n\t`code` 👋🏽');
    assert.equal(validateMessageBody('e\u0301'), '\u00e9');
  });

  it('refuses empty bodies, control and bidi-override characters, and more than 4000 characters', () => {
    assert.equal(codeOf(' \n '), 'MESSAGE_INVALID');
    assert.equal(codeOf('nul\u0000'), 'MESSAGE_INVALID');
    assert.equal(codeOf('esc\u001b[31m'), 'MESSAGE_INVALID');
    assert.equal(codeOf('rtl \u202e'), 'MESSAGE_INVALID');
    assert.equal(codeOf('👋'.repeat(4000)), 'ok');
    assert.equal(codeOf('x'.repeat(4001)), 'MESSAGE_TOO_LARGE');
  });
});
