import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentSigningKey, needsRotation, signingKeyPolicy } from '../src/domain/signing-keys.ts';

const at = (iso: string) => new Date(iso);

describe('signing key rotation', () => {
  it('rotates daily and issues ten-minute access tokens by default', () => {
    assert.equal(signingKeyPolicy.rotateAfterSeconds, 86_400);
    assert.equal(signingKeyPolicy.accessTokenTtlSeconds, 600);
  });

  it('signs with the newest key that is not retired', () => {
    const keys = [
      { kid: 'a', createdAt: at('2026-01-01T00:00:00Z'), retiredAt: at('2026-01-02T00:00:00Z') },
      { kid: 'c', createdAt: at('2026-01-03T00:00:00Z'), retiredAt: at('2026-01-03T00:00:01Z') },
      { kid: 'b', createdAt: at('2026-01-02T00:00:00Z'), retiredAt: null },
    ];
    assert.equal(currentSigningKey(keys)?.kid, 'b');
  });

  it('has no current key when none exists or all are retired', () => {
    assert.equal(currentSigningKey([]), undefined);
    assert.equal(currentSigningKey([{ kid: 'a', createdAt: at('2026-01-01T00:00:00Z'), retiredAt: at('2026-01-02T00:00:00Z') }]), undefined);
  });

  it('breaks a creation-time tie by the larger kid, so every instance picks the same key', () => {
    const createdAt = at('2026-01-01T00:00:00Z');
    assert.equal(currentSigningKey([{ kid: 'k1', createdAt, retiredAt: null }, { kid: 'k2', createdAt, retiredAt: null }])?.kid, 'k2');
    assert.equal(currentSigningKey([{ kid: 'k2', createdAt, retiredAt: null }, { kid: 'k1', createdAt, retiredAt: null }])?.kid, 'k2');
  });

  it('asks for a new key when there is none', () => {
    assert.equal(needsRotation(undefined, at('2026-01-01T00:00:00Z'), 86_400), true);
  });

  it('asks for a new key exactly when the current one reaches rotateAfterSeconds', () => {
    const current = { createdAt: at('2026-01-01T00:00:00Z') };
    assert.equal(needsRotation(current, at('2026-01-01T23:59:59.999Z'), 86_400), false);
    assert.equal(needsRotation(current, at('2026-01-02T00:00:00Z'), 86_400), true);
    assert.equal(needsRotation(current, at('2026-01-01T01:00:00Z'), 3_600), true);
  });
});
