import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { withCassandra } from '../support/clients.ts';
import { credentials, uniqueName } from '../support/stack.ts';

const unauthorized = (error: unknown) => /not have|Unauthorized|permission/i.test((error as Error).message);
const badCredentials = (error: unknown) => /authentication|credentials|Provided username/i.test(String((error as { innerErrors?: unknown }).innerErrors ? JSON.stringify((error as { innerErrors: unknown }).innerErrors) : '') + (error as Error).message);

describe('cassandra: only the message role reads and writes lynk_messages', () => {
  const { admin, migrator, message } = credentials().cassandra;

  it('the message role can write and read messages in a table the migrator created', async () => {
    const table = uniqueName('messages');
    await withCassandra(migrator, 'message', (client) => client.execute(`CREATE TABLE lynk_messages.${table} (room_id uuid, id timeuuid, body text, PRIMARY KEY (room_id, id))`));
    const roomId = randomUUID();
    await withCassandra(message, 'message', async (client) => {
      await client.execute(`INSERT INTO lynk_messages.${table} (room_id, id, body) VALUES (?, now(), ?)`, [roomId, 'hello'], { prepare: true });
      const result = await client.execute(`SELECT body FROM lynk_messages.${table} WHERE room_id = ?`, [roomId], { prepare: true });
      assert.deepEqual(result.rows.map((row) => row.body), ['hello']);
      await assert.rejects(client.execute(`DROP TABLE lynk_messages.${table}`), unauthorized);
      await assert.rejects(client.execute(`CREATE TABLE lynk_messages.${uniqueName('rogue')} (id int PRIMARY KEY)`), unauthorized);
    });
    await withCassandra(migrator, 'message', (client) => client.execute(`DROP TABLE lynk_messages.${table}`));
  });

  it('a login without grants (as auth would have) is refused a read of messages', async () => {
    const table = uniqueName('messages');
    const outsider = { user: uniqueName('auth_probe'), password: randomUUID() };
    await withCassandra(migrator, 'message', (client) => client.execute(`CREATE TABLE lynk_messages.${table} (id int PRIMARY KEY, body text)`));
    await withCassandra(admin, 'operator', (client) => client.execute(`CREATE ROLE ${outsider.user} WITH LOGIN = true AND PASSWORD = '${outsider.password}'`));
    try {
      await withCassandra(outsider, 'message', async (client) => {
        await assert.rejects(client.execute(`SELECT * FROM lynk_messages.${table}`), unauthorized);
        await assert.rejects(client.execute(`INSERT INTO lynk_messages.${table} (id, body) VALUES (1, 'forged')`), unauthorized);
      });
    } finally {
      await withCassandra(admin, 'operator', async (client) => {
        await client.execute(`DROP ROLE ${outsider.user}`);
      });
      await withCassandra(migrator, 'message', (client) => client.execute(`DROP TABLE lynk_messages.${table}`));
    }
  });

  it('only the migrator and message roles hold permissions on lynk_messages', async () => {
    await withCassandra(admin, 'operator', async (client) => {
      const result = await client.execute('SELECT role, resource, permissions FROM system_auth.role_permissions');
      const holders = new Set(result.rows.filter((row) => String(row.resource).startsWith('data/lynk_messages')).map((row) => row.role as string));
      assert.deepEqual([...holders].sort(), [message.user, migrator.user].sort());
    });
  });

  it('the default cassandra superuser no longer logs in, and a wrong password is refused', async () => {
    await assert.rejects(withCassandra({ user: 'cassandra', password: 'cassandra' }, 'operator', async () => {}), badCredentials);
    await assert.rejects(withCassandra({ user: message.user, password: 'wrong' }, 'message', async () => {}), badCredentials);
  });
});
