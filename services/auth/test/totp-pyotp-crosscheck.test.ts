import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { generateTotpSecret, totpKeyUri, verifyTotp } from '../src/domain/totp.ts';

const pyotpMissing = spawnSync('python3', ['-c', 'import pyotp'], { stdio: 'ignore' }).status !== 0;
const skip = pyotpMissing ? 'python3 cannot import pyotp; run `pip install pyotp` to cross-check TOTP against it' : false;

function python(script: string, input: unknown): unknown {
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const pyotpCodes = `
import hashlib, json, sys, pyotp
request = json.load(sys.stdin)
totp = pyotp.TOTP(request["secret"], digits=request["digits"], digest=getattr(hashlib, request["algorithm"]))
print(json.dumps([totp.at(t) for t in request["times"]]))
`;

const pyotpParseUri = `
import json, sys, pyotp
totp = pyotp.parse_uri(sys.stdin.read().strip('"'))
print(json.dumps({"secret": totp.secret, "name": totp.name, "issuer": totp.issuer, "digits": totp.digits, "interval": totp.interval}))
`;

describe('TOTP: cross-check against python pyotp', () => {
  const times = [0, 29, 30, 59, 1_700_000_000, 1_700_000_029, 1_893_456_000, 4_102_444_799];

  it('accepts the codes pyotp computes for a secret Lynk generated', { skip }, () => {
    for (const [algorithm, digits] of [['sha1', 6], ['sha256', 8], ['sha512', 8]] as const) {
      const secret = generateTotpSecret();
      const codes = python(pyotpCodes, { secret, digits, algorithm, times }) as string[];
      times.forEach((seconds, index) => {
        const result = verifyTotp({ secret, token: codes[index]!, lastUsedStep: null, now: new Date(seconds * 1000), algorithm, digits });
        assert.deepEqual(result, { ok: true, step: Math.floor(seconds / 30) }, `${algorithm} at ${seconds}`);
      });
    }
  });

  it('produces a key URI pyotp reads back with the same secret, account and issuer', { skip }, () => {
    const secret = generateTotpSecret();
    const parsed = python(pyotpParseUri, totpKeyUri({ secret, accountName: '+14155550123', issuer: 'Lynk' }));
    assert.deepEqual(parsed, { secret, name: '+14155550123', issuer: 'Lynk', digits: 6, interval: 30 });
  });
});
