import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadConfig } from '@lynk/common/config';
import { authConfigShape, productionProblems } from '../src/config.ts';

const required = {
  POSTGRES_PORT: '1',
  POSTGRES_DATABASE: 'auth',
  POSTGRES_USER: 'u',
  POSTGRES_PASSWORD: 'p',
  REDIS_PORT: '1',
  REDIS_USER: 'u',
  REDIS_PASSWORD: 'p',
  KAFKA_BROKERS: '127.0.0.1:1',
  KAFKA_USER: 'u',
  KAFKA_PASSWORD: 'p',
  KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  SMS_CODE_PEPPER: randomBytes(32).toString('base64'),
};

describe('auth config: development adapters stay out of production', () => {
  it('production with the console SMS adapter is refused, naming the setting', () => {
    const problems = productionProblems(loadConfig(authConfigShape, { ...required, NODE_ENV: 'production', SMS_PROVIDER: 'console' }));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /SMS_PROVIDER=console/);
  });

  it('production with Twilio needs its credentials; development accepts the console adapter', () => {
    assert.match(productionProblems(loadConfig(authConfigShape, { ...required, NODE_ENV: 'production', SMS_PROVIDER: 'twilio' }))[0]!, /TWILIO_ACCOUNT_SID/);
    const complete = { ...required, NODE_ENV: 'production', SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM_NUMBER: '+15005550006' };
    assert.deepEqual(productionProblems(loadConfig(authConfigShape, complete)), []);
    assert.deepEqual(productionProblems(loadConfig(authConfigShape, { ...required, NODE_ENV: 'development' })), []);
  });

  it('a key-encryption key of the wrong size stops the start with its name', () => {
    assert.throws(() => loadConfig(authConfigShape, { ...required, KEY_ENCRYPTION_KEY: 'c2hvcnQ=' }), /KEY_ENCRYPTION_KEY is invalid: must be 32 bytes/);
  });
});
