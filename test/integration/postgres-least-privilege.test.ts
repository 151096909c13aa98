import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceNames } from '../../mesh/src/launcher/credentials.ts';
import { postgresClient, withPostgres } from '../support/clients.ts';
import { credentials, uniqueName } from '../support/stack.ts';

const pgError = (code: string) => (error: unknown) => (error as { code?: string }).code === code;
const insufficientPrivilege = pgError('42501');

describe('postgres: one database per service, least privilege', () => {
  const { migrators, runtimes, superuser } = credentials().postgres;

  for (const service of serviceNames) {
    it(`${service}: the migration role owns the schema and the runtime role can only read and write its rows`, async () => {
      const table = uniqueName('notes');
      await withPostgres(migrators[service], service, service, async (client) => {
        await client.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, body text NOT NULL)`);
      });
      await withPostgres(runtimes[service], service, service, async (client) => {
        const inserted = await client.query(`INSERT INTO ${table} (body) VALUES ($1) RETURNING id`, ['hello']);
        await client.query(`UPDATE ${table} SET body = 'edited' WHERE id = $1`, [inserted.rows[0].id]);
        const selected = await client.query(`SELECT body FROM ${table}`);
        assert.deepEqual(selected.rows, [{ body: 'edited' }]);
        await client.query(`DELETE FROM ${table}`);
        const schema = await client.query('SELECT current_schema() AS schema');
        assert.equal(schema.rows[0].schema, service);
      });
      await withPostgres(migrators[service], service, service, (client) => client.query(`DROP TABLE ${table}`));
    });

    it(`${service}: the runtime role is refused DDL`, async () => {
      await withPostgres(runtimes[service], service, service, async (client) => {
        await assert.rejects(client.query(`CREATE TABLE ${uniqueName('sneaky')} (id int)`), insufficientPrivilege);
        await assert.rejects(client.query('CREATE TABLE public.sneaky (id int)'), insufficientPrivilege);
        await assert.rejects(client.query(`CREATE SCHEMA ${uniqueName('sneaky')}`), insufficientPrivilege);
      });
    });
  }

  it('the runtime role cannot change or drop a table it writes to', async () => {
    const table = uniqueName('owned');
    await withPostgres(migrators.message, 'message', 'message', (client) => client.query(`CREATE TABLE ${table} (id int)`));
    try {
      await withPostgres(runtimes.message, 'message', 'message', async (client) => {
        await assert.rejects(client.query(`ALTER TABLE ${table} ADD COLUMN extra int`), pgError('42501'));
        await assert.rejects(client.query(`DROP TABLE ${table}`), pgError('42501'));
        await assert.rejects(client.query(`TRUNCATE ${table}`), insufficientPrivilege);
      });
    } finally {
      await withPostgres(migrators.message, 'message', 'message', (client) => client.query(`DROP TABLE ${table}`));
    }
  });

  it("a service's roles cannot connect to another service's database", async () => {
    for (const [own, other] of [['auth', 'message'], ['message', 'auth'], ['notification', 'media'], ['media', 'notification']] as const) {
      for (const login of [runtimes[own], migrators[own]]) {
        const client = postgresClient(login, other, own);
        await assert.rejects(client.connect(), insufficientPrivilege, `${login.user} must not reach ${other}`);
        await client.end().catch(() => {});
      }
    }
  });

  it('a wrong password is refused', async () => {
    const client = postgresClient({ user: runtimes.auth.user, password: 'not-the-password' }, 'auth', 'auth');
    await assert.rejects(client.connect(), pgError('28P01'));
    await client.end().catch(() => {});
  });

  it('passwords are stored as SCRAM-SHA-256 and no trust authentication is configured', async () => {
    await withPostgres(superuser, 'postgres', 'operator', async (client) => {
      const encryption = await client.query('SHOW password_encryption');
      assert.equal(encryption.rows[0].password_encryption, 'scram-sha-256');
      const hashes = await client.query("SELECT rolname, rolpassword FROM pg_authid WHERE rolcanlogin");
      for (const row of hashes.rows) assert.match(row.rolpassword, /^SCRAM-SHA-256\$/, `${row.rolname} password hash`);
      const rules = await client.query('SELECT DISTINCT auth_method FROM pg_hba_file_rules');
      assert.deepEqual(rules.rows.map((row) => row.auth_method), ['scram-sha-256']);
    });
  });
});
