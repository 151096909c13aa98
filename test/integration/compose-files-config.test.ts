import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../../mesh/src/paths.ts';
import { ensureDockerCompose } from '../support/docker-compose.ts';

const composeFiles = ['docker-compose.yml', 'docker-compose.prod.yml'];

/** Every `${NAME:?...}` the file demands. */
function requiredVariables(file: string): string[] {
  return [...new Set([...readFileSync(join(repoRoot, file), 'utf8').matchAll(/\$\{(\w+):\?/g)].map((match) => match[1]!))];
}

/** `docker compose config` in an environment holding only what is given (no stray LYNK_ variables). */
function composeConfig(compose: string, file: string, variables: Record<string, string>) {
  return spawnSync(compose, ['--project-directory', repoRoot, '-f', file, 'config', '--format', 'json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...variables },
  });
}

describe('compose files pass docker compose config (no Docker engine needed)', () => {
  let compose = '';
  before(async () => {
    compose = await ensureDockerCompose();
  });

  for (const file of composeFiles) {
    it(`${file} is a valid compose project once its variables are set`, () => {
      const dummies = Object.fromEntries(requiredVariables(file).map((name) => [name, `dummy-${name.toLowerCase()}`]));
      const result = composeConfig(compose, file, dummies);
      assert.equal(result.status, 0, result.stderr);
      const project = JSON.parse(result.stdout) as { services: Record<string, { environment?: Record<string, string> }>; configs?: Record<string, { content?: string }> };
      // The secrets reach the containers from the environment, not from the file.
      assert.equal(project.services.postgres?.environment?.POSTGRES_PASSWORD, 'dummy-lynk_postgres_superuser_password');
      assert.match(project.configs?.['kafka-server-properties']?.content ?? '', /password="dummy-lynk_kafka_admin_password"/);
    });

    it(`${file} refuses to load while a secret is unset, naming it`, () => {
      const [first, ...rest] = requiredVariables(file);
      assert.ok(first, 'the file requires no variable at all');
      const result = composeConfig(compose, file, Object.fromEntries(rest.map((name) => [name, 'dummy'])));
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, new RegExp(`required variable ${first} is missing a value`));
    });
  }

  it('the production file keeps the data layer on the internal network, as compose resolves it', () => {
    const file = 'docker-compose.prod.yml';
    const result = composeConfig(compose, file, Object.fromEntries(requiredVariables(file).map((name) => [name, 'dummy'])));
    assert.equal(result.status, 0, result.stderr);
    const project = JSON.parse(result.stdout) as { networks: Record<string, { internal?: boolean }>; services: Record<string, { networks?: Record<string, unknown> }> };
    assert.equal(project.networks.private?.internal, true);
    assert.deepEqual(Object.keys(project.services.postgres?.networks ?? {}), ['private']);
  });
});
