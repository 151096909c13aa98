/**
 * Cost of verifying one access token with the common verifier every service uses (ES256, JWKS
 * cached, revocation check excluded and then included against an in-memory set): first for
 * tokens the verifier has not seen (a full signature check each), then for the usual case of a
 * client presenting its token again (the verifier remembers verified tokens). Goal: under
 * 0.1 ms per verify. Run by hand; not part of npm test:
 *
 *   node --import tsx bench/token-verify.ts [--count 20000]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateSigningKey } from '../services/auth/src/domain/signing-keys.ts';
import { issueAccessToken } from '../services/auth/src/domain/access-token.ts';
import { jwksDocument } from '../services/auth/src/domain/jwks.ts';
import { createJwtVerifier } from '../services/common/src/auth/jwt-verifier.ts';
import { percentile } from './support/measure.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' } } });
const count = Number(values.count);
const key = generateSigningKey(new Date());
const jwks = jwksDocument([{ kid: key.kid, publicJwk: key.publicJwk }]);
const options = { issuer: 'https://lynk.local/auth', audience: 'lynk', ttlSeconds: 600 };
const tokenFor = (index: number) => issueAccessToken({ userId: `0190000${index}`.padEnd(36, '0'), sessionId: `0190001${index}`.padEnd(36, '0') }, key, options).token;
/** Each token is presented once: every verify checks a signature. */
const unseenTokens = Array.from({ length: count + 1000 }, (_, index) => tokenFor(index));
/** 100 clients presenting their tokens again and again. */
const repeatedTokens = Array.from({ length: 100 }, (_, index) => tokenFor(index));
const revoked = new Set<string>();

async function run(name: string, tokens: string[], withRevocation: boolean): Promise<void> {
  const verifier = createJwtVerifier({
    jwksUrl: 'memory:',
    issuer: options.issuer,
    audience: options.audience,
    fetchJwks: async () => jwks,
    ...(withRevocation ? { isSessionRevoked: async (sid: string) => revoked.has(sid) } : {}),
  });
  for (let index = 0; index < 1000; index++) await verifier.verify(tokens[(count + index) % tokens.length]!);
  const durations: number[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const begin = performance.now();
    await verifier.verify(tokens[index % tokens.length]!);
    durations.push(performance.now() - begin);
  }
  const total = performance.now() - started;
  durations.sort((a, b) => a - b);
  const line = `${name.padEnd(28)} mean ${((total / count) * 1000).toFixed(1)} µs  p50 ${(percentile(durations, 0.5) * 1000).toFixed(1)} µs  p99 ${(percentile(durations, 0.99) * 1000).toFixed(1)} µs  (${Math.round(count / (total / 1000))}/s on one core)`;
  process.stdout.write(`${line}\n`);
}

process.stdout.write(`node --import tsx bench/token-verify.ts --count ${count}\n`);
await run('unseen token', unseenTokens, false);
await run('unseen token + revocation', unseenTokens, true);
await run('repeated token', repeatedTokens, false);
await run('repeated token + revocation', repeatedTokens, true);
process.stdout.write('goal: under 100 µs per verify\n');
