import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { baseConfigShape, ConfigError, configFormats, loadConfig } from '../src/config.ts';

const shape = {
  ...baseConfigShape,
  HTTP_PORT: configFormats.port().default(8080).describe('port the HTTP server listens on'),
  DATABASE_URL: z.string().min(1).describe('Postgres connection string'),
};

describe('loadConfig', () => {
  it('builds a typed object with defaults applied', () => {
    const config = loadConfig(shape, { DATABASE_URL: 'postgres://x' });
    assert.equal(config.HTTP_PORT, 8080);
    assert.equal(config.NODE_ENV, 'development');
    assert.equal(config.DATABASE_URL, 'postgres://x');
  });

  it('coerces numbers from the environment', () => {
    assert.equal(loadConfig(shape, { DATABASE_URL: 'x', HTTP_PORT: '9090' }).HTTP_PORT, 9090);
  });

  it('names a missing variable and says what it is for', () => {
    assert.throws(() => loadConfig(shape, {}), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /DATABASE_URL is missing/);
      assert.match(error.message, /Postgres connection string/);
      return true;
    });
  });

  it('names every bad variable at once', () => {
    assert.throws(() => loadConfig(shape, { HTTP_PORT: '70000', LOG_LEVEL: 'loud' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((problem) => problem.split(' ')[0]).sort(), ['DATABASE_URL', 'HTTP_PORT', 'LOG_LEVEL']);
      return true;
    });
  });

  it('stops an entry point with a message naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'config-entry.ts')], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /DATABASE_URL is missing/);
    assert.doesNotMatch(result.stdout, /started/);
  });
});
