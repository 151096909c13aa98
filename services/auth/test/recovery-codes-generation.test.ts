import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateRecoveryCodes } from '../src/domain/recovery-codes.ts';

describe('recovery code generation', () => {
  it('makes ten xxxx-xxxx codes by default', () => {
    const codes = generateRecoveryCodes();
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[a-z2-9]{4}-[a-z2-9]{4}$/);
  });

  it('makes as many as asked', () => {
    assert.equal(generateRecoveryCodes(3).length, 3);
  });

  it('never uses characters people confuse (0 o 1 i l u)', () => {
    const characters = new Set(generateRecoveryCodes(500).join('').replace(/-/g, ''));
    for (const ambiguous of '01oilu') assert.equal(characters.has(ambiguous), false, ambiguous);
    assert.equal(characters.size, 30);
  });

  it('does not repeat codes', () => {
    assert.equal(new Set(generateRecoveryCodes(1_000)).size, 1_000);
  });
});
