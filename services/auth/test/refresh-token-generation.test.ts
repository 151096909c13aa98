import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateRefreshToken, hashRefreshToken } from '../src/domain/refresh-token.ts';

describe('refresh token generation and hashing', () => {
  it('is 32 random bytes in base64url', () => {
    const token = generateRefreshToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.equal(new Set(Array.from({ length: 1_000 }, generateRefreshToken)).size, 1_000);
  });

  it('is stored as its SHA-256 in hex (pinned vector from python hashlib)', () => {
    assert.equal(hashRefreshToken('lynk-refresh-token'), '79306fe3d13c4f4779927ae97f76088d89db7bb9b5c8cf97c1d146b5343bdea2');
  });

  it('hashes different tokens differently and the same token the same way', () => {
    const token = generateRefreshToken();
    assert.equal(hashRefreshToken(token), hashRefreshToken(token));
    assert.notEqual(hashRefreshToken(token), hashRefreshToken(generateRefreshToken()));
  });
});
