import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentSigningKey, needsRotation, pendingSigningKey, signingKeyPolicy } from '../src/domain/signing-keys.ts';

const at = (iso: string) => new Date(iso);

describe('signing key rotation', () => {
  it('rotates daily and issues ten-minute access tokens by default', () => {
    assert.equal(signingKeyPolicy.rotateAfterSeconds, 86_400);
    assert.equal(signingKeyPolicy.accessTokenTtlSeconds, 600);
  });

  it('signs with the newest key that is not retired', () => {
    const keys = [
      { kid: 'a', activatesAt: at('2026-01-01T00:00:00Z'), retiredAt: at('2026-01-02T00:00:00Z') },
      { kid: 'c', activatesAt: at('2026-01-03T00:00:00Z'), retiredAt: at('2026-01-03T00:00:01Z') },
      { kid: 'b', activatesAt: at('2026-01-02T00:00:00Z'), retiredAt: null },
    ];
    assert.equal(currentSigningKey(keys, at('2026-01-04T00:00:00Z'))?.kid, 'b');
  });

  it('has no current key when none exists or all are retired', () => {
    assert.equal(currentSigningKey([]), undefined);
    assert.equal(currentSigningKey([{ kid: 'a', activatesAt: at('2026-01-01T00:00:00Z'), retiredAt: at('2026-01-02T00:00:00Z') }], at('2026-01-03T00:00:00Z')), undefined);
  });

  it('breaks an activation-time tie by the larger kid, so every instance picks the same key', () => {
    const activatesAt = at('2026-01-01T00:00:00Z');
    const now = at('2026-01-01T01:00:00Z');
    assert.equal(currentSigningKey([{ kid: 'k1', activatesAt, retiredAt: null }, { kid: 'k2', activatesAt, retiredAt: null }], now)?.kid, 'k2');
    assert.equal(currentSigningKey([{ kid: 'k2', activatesAt, retiredAt: null }, { kid: 'k1', activatesAt, retiredAt: null }], now)?.kid, 'k2');
  });

  it('keeps signing with the old key until a pre-published new key activates, then switches', () => {
    const keys = [
      { kid: 'old', activatesAt: at('2026-01-01T00:00:00Z'), retiredAt: at('2026-01-02T00:00:15Z') },
      { kid: 'new', activatesAt: at('2026-01-02T00:00:15Z'), retiredAt: null },
    ];
    assert.equal(currentSigningKey(keys, at('2026-01-02T00:00:14.999Z'))?.kid, 'old');
    assert.equal(pendingSigningKey(keys, at('2026-01-02T00:00:14.999Z'))?.kid, 'new');
    assert.equal(currentSigningKey(keys, at('2026-01-02T00:00:15Z'))?.kid, 'new');
    assert.equal(pendingSigningKey(keys, at('2026-01-02T00:00:15Z')), undefined);
    assert.ok(signingKeyPolicy.publishAheadSeconds > 5 + 10, "longer than auth's key cache plus the edge's JWKS cache");
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
