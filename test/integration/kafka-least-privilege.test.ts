import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import { statePaths } from '../../mesh/src/paths.ts';
import { kafkaClient } from '../support/clients.ts';
import { credentials } from '../support/stack.ts';

const authorizationFailed = (error: unknown) => {
  const { message, type, errors } = error as { message?: string; type?: string; errors?: Array<{ type?: string }> };
  const reasons = [message, type, ...(errors ?? []).map((inner) => inner.type)].join(' ');
  return /not authorized|authorization_failed|authorization failed/i.test(reasons);
};

/** The broker's authorizer log line for a denied request, e.g. a consumer group outside a prefix. */
function brokerLoggedDenial(principal: string, resource: string): boolean {
  const log = readFileSync(statePaths.log('kafka'), 'utf8');
  return log.includes(`Principal = User:${principal} is Denied`) && log.includes(`on resource = ${resource} `);
}

async function produce(kafka: Kafka, topic: string, key: string, value: string): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key, value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Reads `topic` from the beginning in `groupId` until a record with `key` arrives. */
async function consumeUntil(kafka: Kafka, topic: string, groupId: string, key: string, timeoutMs = 30_000): Promise<string> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 2 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no record with key ${key} on ${topic} within ${timeoutMs} ms`)), timeoutMs);
      consumer.on(consumer.events.CRASH, (event) => {
        clearTimeout(timer);
        reject(event.payload.error);
      });
      void consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() === key) {
              clearTimeout(timer);
              resolve(message.value?.toString() ?? '');
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

describe('kafka: SCRAM users per service, ACLs per topic and group', () => {
  const { services, admin } = credentials().kafka;

  it('message publishes message.created and notification consumes it', async () => {
    const key = randomUUID();
    await produce(kafkaClient(services.message, 'message'), 'message.created', key, JSON.stringify({ type: 'message.created', id: key }));
    const value = await consumeUntil(kafkaClient(services.notification, 'notification'), 'message.created', `notification-test-${key}`, key);
    assert.equal(JSON.parse(value).id, key);
  });

  it('auth publishes user events and message reads user.deleted', async () => {
    const key = randomUUID();
    await produce(kafkaClient(services.auth, 'auth'), 'user.deleted', key, JSON.stringify({ type: 'user.deleted', id: key }));
    const value = await consumeUntil(kafkaClient(services.message, 'message'), 'user.deleted', `message-test-${key}`, key);
    assert.equal(JSON.parse(value).id, key);
  });

  it('the notification user is refused a write to message.created', async () => {
    await assert.rejects(produce(kafkaClient(services.notification, 'notification'), 'message.created', randomUUID(), 'forged'), authorizationFailed);
  });

  it('auth may not write message events and message may not write user events', async () => {
    await assert.rejects(produce(kafkaClient(services.auth, 'auth'), 'message.created', randomUUID(), 'forged'), authorizationFailed);
    await assert.rejects(produce(kafkaClient(services.message, 'message'), 'user.created', randomUUID(), 'forged'), authorizationFailed);
  });

  it('media may not read message.created', async () => {
    await assert.rejects(consumeUntil(kafkaClient(services.media, 'media'), 'message.created', `media-test-${randomUUID()}`, 'never', 15_000), authorizationFailed);
  });

  it('a consumer group outside the service prefix is refused', async () => {
    const group = `message-${randomUUID()}`;
    // kafkajs reports a denied group as "failed to find group coordinator"; the broker log says why.
    await assert.rejects(consumeUntil(kafkaClient(services.notification, 'notification'), 'message.created', group, 'never', 15_000), /group coordinator/i);
    assert.ok(brokerLoggedDenial(services.notification.user, `Group:LITERAL:${group}`), 'the broker denied the group by ACL');
  });

  it('services cannot create topics; the admin sees every topic init created', async () => {
    const serviceAdmin = kafkaClient(services.message, 'message').admin();
    await serviceAdmin.connect();
    try {
      await assert.rejects(serviceAdmin.createTopics({ topics: [{ topic: `message.rogue-${randomUUID()}` }] }), authorizationFailed);
    } finally {
      await serviceAdmin.disconnect();
    }
    const clusterAdmin = kafkaClient(admin, 'operator').admin();
    await clusterAdmin.connect();
    try {
      const topics = await clusterAdmin.listTopics();
      for (const topic of ['user.created', 'user.deleted', 'message.created', 'room.created', 'notification.retry', 'notification.dead-letter']) {
        assert.ok(topics.includes(topic), `${topic} exists`);
      }
    } finally {
      await clusterAdmin.disconnect();
    }
  });

  it('a wrong password is refused', async () => {
    const producer = kafkaClient({ user: services.message.user, password: 'wrong' }, 'message').producer();
    await assert.rejects(producer.connect(), (error: unknown) => /SASL|authentication/i.test((error as Error).message));
  });
});
