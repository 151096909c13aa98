import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readKafkaAcls, readKafkaTopics, type KafkaAcl, type KafkaOperation } from '../src/init/kafka-init-files.ts';

/** What the broker's StandardAuthorizer decides for one user, given the ACLs init applies (deny unless allowed). */
function allowed(acls: KafkaAcl[], user: string, resourceType: KafkaAcl['resourceType'], name: string, operation: KafkaOperation): boolean {
  return acls.some(
    (acl) =>
      acl.principal === `User:${user}` &&
      acl.resourceType === resourceType &&
      (acl.patternType === 'literal' ? acl.resourceName === name : name.startsWith(acl.resourceName)) &&
      acl.operations.includes(operation),
  );
}

describe('init/kafka-acls.json', () => {
  const acls = readKafkaAcls();
  const { topics } = readKafkaTopics();
  const writers = (topic: string) => ['auth', 'message', 'notification', 'media'].filter((user) => allowed(acls, user, 'topic', topic, 'write'));

  it('lets notification read message.created but never write it', () => {
    assert.ok(allowed(acls, 'notification', 'topic', 'message.created', 'read'));
    assert.equal(allowed(acls, 'notification', 'topic', 'message.created', 'write'), false);
  });

  it('gives every event topic exactly one writer: its owner', () => {
    for (const topic of topics) {
      const owner = topic.startsWith('user.') ? 'auth' : topic.startsWith('notification.') ? 'notification' : 'message';
      assert.deepEqual(writers(topic), [owner], topic);
    }
  });

  it('lets media read only user.deleted', () => {
    assert.deepEqual(topics.filter((topic) => allowed(acls, 'media', 'topic', topic, 'read')), ['user.deleted']);
  });

  it('keeps each service to consumer groups named after itself', () => {
    for (const acl of acls.filter((rule) => rule.resourceType === 'group')) {
      assert.equal(acl.patternType, 'prefixed');
      assert.equal(acl.resourceName, acl.principal.replace('User:', ''));
    }
    assert.equal(allowed(acls, 'notification', 'group', 'message-consumers', 'read'), false);
  });
});
