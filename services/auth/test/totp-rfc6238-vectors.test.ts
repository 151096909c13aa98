import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyTotp } from '../src/domain/totp.ts';
import { base32Encode, referenceTotp, type ReferenceAlgorithm } from './fixtures/reference-totp.ts';

/** RFC 6238 Appendix B: per-algorithm ASCII seeds, 8-digit codes, 30 s steps, T0 = 0. */
const seeds: Record<ReferenceAlgorithm, string> = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
};

const vectors: [seconds: number, algorithm: ReferenceAlgorithm, code: string][] = [
  [59, 'sha1', '94287082'],
  [59, 'sha256', '46119246'],
  [59, 'sha512', '90693936'],
  [1111111109, 'sha1', '07081804'],
  [1111111109, 'sha256', '68084774'],
  [1111111109, 'sha512', '25091201'],
  [1111111111, 'sha1', '14050471'],
  [1111111111, 'sha256', '67062674'],
  [1111111111, 'sha512', '99943326'],
  [1234567890, 'sha1', '89005924'],
  [1234567890, 'sha256', '91819424'],
  [1234567890, 'sha512', '93441116'],
  [2000000000, 'sha1', '69279037'],
  [2000000000, 'sha256', '90698825'],
  [2000000000, 'sha512', '38618901'],
  [20000000000, 'sha1', '65353130'],
  [20000000000, 'sha256', '77737706'],
  [20000000000, 'sha512', '47863826'],
];

describe('TOTP: RFC 6238 Appendix B test vectors', () => {
  for (const [seconds, algorithm, code] of vectors) {
    it(`accepts ${code} at T=${seconds} with ${algorithm.toUpperCase()}`, () => {
      const secret = base32Encode(Buffer.from(seeds[algorithm], 'ascii'));

      const result = verifyTotp({ secret, token: code, lastUsedStep: null, now: new Date(seconds * 1000), algorithm, digits: 8 });

      assert.deepEqual(result, { ok: true, step: Math.floor(seconds / 30) });
    });
  }

  it('the reference implementation the other TOTP tests use reproduces every vector', () => {
    for (const [seconds, algorithm, code] of vectors) {
      assert.equal(referenceTotp(Buffer.from(seeds[algorithm], 'ascii'), Math.floor(seconds / 30), algorithm, 8), code, `T=${seconds} ${algorithm}`);
    }
  });

  it('refuses each vector with one digit changed', () => {
    for (const [seconds, algorithm, code] of vectors) {
      const wrong = `${code.slice(0, 7)}${(Number(code[7]) + 1) % 10}`;
      const secret = base32Encode(Buffer.from(seeds[algorithm], 'ascii'));
      assert.deepEqual(verifyTotp({ secret, token: wrong, lastUsedStep: null, now: new Date(seconds * 1000), algorithm, digits: 8 }), { ok: false, reason: 'invalid' });
    }
  });
});
