import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateCredentials } from '../src/launcher/credentials.ts';
import { readRedisUsersTemplate, renderRedisUsers } from '../src/init/redis-users-template.ts';

const userLine = (acl: string, user: string) => acl.split('\n').find((line) => line.startsWith(`user ${user} `)) ?? '';

describe('init/redis-users.acl', () => {
  const template = readRedisUsersTemplate();
  const credentials = generateCredentials().redis;

  it('holds no password: only placeholders the launcher fills in', () => {
    for (const login of [credentials.admin, ...Object.values(credentials.services)]) assert.ok(!template.includes(login.password));
    assert.doesNotMatch(template, /(^| )[>#][0-9a-f]/m, 'no clear or hashed password rule');
  });

  it('renders into a file Redis accepts: no comments, every password a hash of the credentials', () => {
    const acl = renderRedisUsers(template, credentials, (password) => `#hash-of-${password}`);
    assert.doesNotMatch(acl, /^#/m);
    assert.doesNotMatch(acl, /\$\{/);
    assert.ok(userLine(acl, 'auth').includes(`#hash-of-${credentials.services.auth.password}`));
  });

  it('lets notification only read presence and revoked sessions', () => {
    const line = userLine(template, 'notification');
    assert.deepEqual(line.match(/\S*~\S+/g), ['%R~presence:*', '%R~auth:revoked-session:*']);
    assert.match(line, / -@all \+@read /);
    assert.doesNotMatch(line, /\+@all|&/);
  });

  it('refuses credentials whose user names differ from the template', () => {
    const renamed = { ...credentials, services: { ...credentials.services, auth: { user: 'someone-else', password: 'x' } } };
    assert.throws(() => renderRedisUsers(template, renamed, (password) => password), /gives redis\.services\.auth's password to user auth/);
  });
});
