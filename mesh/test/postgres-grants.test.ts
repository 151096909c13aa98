import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPostgresGrants } from '../src/init/postgres-grants.ts';

describe('init/postgres-grants.sql', () => {
  const { sections, roles } = readPostgresGrants();
  const statements = sections.flatMap((section) => section.steps.map((step) => step.sql));

  it('creates a migration and a runtime role per service database, without passwords', () => {
    assert.deepEqual(roles.filter((role) => role.endsWith('_app')).sort(), ['auth_app', 'media_app', 'message_app', 'notification_app']);
    assert.ok(statements.every((statement) => !/PASSWORD/i.test(statement)));
  });

  it('never lets a runtime role create or own anything', () => {
    for (const statement of statements.filter((sql) => /^(GRANT|ALTER DEFAULT PRIVILEGES .* GRANT)/.test(sql) && /TO "[a-z]+_app";$/.test(sql))) {
      const privileges = /GRANT (.+?) ON /.exec(statement)![1]!.split(', ');
      assert.ok(privileges.every((privilege) => ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'USAGE', 'CONNECT', 'TEMPORARY'].includes(privilege)), statement);
    }
    assert.ok(statements.every((statement) => !/AUTHORIZATION "[a-z]+_app"|OWNER "[a-z]+_app"/.test(statement)));
  });

  it("grants each service's roles only its own database", () => {
    for (const statement of statements.filter((sql) => sql.startsWith('GRANT') && sql.includes(' ON DATABASE '))) {
      const [, database, role] = /ON DATABASE "([a-z_]+)" TO "([a-z_]+)"/.exec(statement)!;
      assert.ok(role!.startsWith(`${database}_`), statement);
    }
  });
});
