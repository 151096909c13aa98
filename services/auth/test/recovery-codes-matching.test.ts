import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMatchingRecoveryCode, generateRecoveryCodes, hashRecoveryCode } from '../src/domain/recovery-codes.ts';

describe('recovery code matching', async () => {
  const codes = generateRecoveryCodes(4);
  const stored = await Promise.all(codes.map(async (code, index) => ({ id: `code-${index}`, hash: await hashRecoveryCode(code) })));

  it('stores codes as argon2id hashes, never in clear', () => {
    for (const [index, { hash }] of stored.entries()) {
      assert.match(hash, /^\$argon2id\$/);
      assert.ok(!hash.includes(codes[index]!.replace('-', '')));
    }
  });

  it('finds which stored code was entered', async () => {
    assert.equal(await findMatchingRecoveryCode(codes[2]!, stored), 'code-2');
  });

  it('ignores case, dashes and spaces', async () => {
    const code = codes[1]!;
    for (const typed of [code.toUpperCase(), code.replace('-', ''), ` ${code.slice(0, 4)} ${code.slice(5)} `]) {
      assert.equal(await findMatchingRecoveryCode(typed, stored), 'code-1', typed);
    }
  });

  it('finds nothing for a wrong, malformed or already-removed code', async () => {
    assert.equal(await findMatchingRecoveryCode('zzzz-zzzz', stored), undefined);
    assert.equal(await findMatchingRecoveryCode('not a code', stored), undefined);
    assert.equal(await findMatchingRecoveryCode(codes[0]!, stored.slice(1)), undefined);
  });
});
