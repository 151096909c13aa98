import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect } from 'node:net';
import { withRedis } from '../support/clients.ts';
import { credentials, throughSidecar, uniqueName } from '../support/stack.ts';

const refused = (pattern: RegExp) => (error: unknown) => pattern.test((error as Error).message);
const noPermission = refused(/NOPERM/);

/** Sends one inline command on a fresh connection without AUTH, as the `default` user would. */
function unauthenticatedReply(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { host, port } = throughSidecar('message', 'redis');
    const socket = connect(port, host, () => socket.write(`${command}\r\n`));
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString());
    });
    socket.once('error', reject);
  });
}

describe('redis: one ACL user per service, each in its own key prefix', () => {
  const { services, admin } = credentials().redis;

  for (const service of ['auth', 'message'] as const) {
    it(`${service} can write and read its own keys`, async () => {
      const key = `${service}:${uniqueName('test')}`;
      await withRedis(services[service], service, async (client) => {
        await client.set(key, 'value', 'EX', 60);
        assert.equal(await client.get(key), 'value');
        await client.del(key);
      });
    });
  }

  it("a service is refused another service's keys", async () => {
    const authKey = `auth:${uniqueName('otp')}`;
    await withRedis(services.auth, 'auth', (client) => client.set(authKey, '123456', 'EX', 60));
    await withRedis(services.message, 'message', async (client) => {
      await assert.rejects(client.get(authKey), noPermission);
      await assert.rejects(client.set(authKey, 'overwritten'), noPermission);
    });
    await withRedis(services.auth, 'auth', async (client) => assert.equal(await client.get(authKey), '123456'));
  });

  it('notification can only read presence keys', async () => {
    const presenceKey = `presence:${uniqueName('user')}`;
    await withRedis(services.message, 'message', (client) => client.set(presenceKey, 'online', 'EX', 60));
    await withRedis(services.notification, 'notification', async (client) => {
      assert.equal(await client.get(presenceKey), 'online');
      await assert.rejects(client.set(presenceKey, 'offline'), noPermission);
      await assert.rejects(client.del(presenceKey), noPermission);
      await assert.rejects(client.get(`auth:${uniqueName('otp')}`), noPermission);
      await assert.rejects(client.set(`notification:${uniqueName('x')}`, '1'), noPermission);
    });
  });

  it('service users are refused dangerous commands', async () => {
    await withRedis(services.message, 'message', async (client) => {
      await assert.rejects(client.flushall(), noPermission);
      await assert.rejects(client.call('CONFIG', 'GET', '*'), noPermission);
      await assert.rejects(client.keys('*'), noPermission);
      await assert.rejects(client.call('ACL', 'LIST'), noPermission);
    });
  });

  it('the default user is disabled and a wrong password is refused', async () => {
    assert.match(await unauthenticatedReply('GET auth:anything'), /^-NOAUTH/);
    assert.match(await unauthenticatedReply(`AUTH ${services.auth.user} wrong-password`), /^-WRONGPASS/);
    await withRedis(admin, 'operator', async (client) => {
      const users = (await client.call('ACL', 'LIST')) as string[];
      assert.ok(users.some((line) => line.startsWith('user default off')), 'default user is off');
    });
  });
});
