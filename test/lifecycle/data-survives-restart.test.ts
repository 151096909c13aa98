import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isPortFree } from '../../mesh/src/launcher/port-check.ts';
import { policy } from '../../mesh/policy.ts';
import { operatorSocketPath } from '../../mesh/src/launcher/operator-sockets.ts';
import { mediaBucket } from '../../mesh/src/stores/minio.ts';
import { kafkaClient, s3, withCassandra, withPostgres, withRedis } from '../support/clients.ts';
import { runCli } from '../support/launcher.ts';
import { unixConnect } from '../support/unix-connect.ts';
import { credentials, uniqueName } from '../support/stack.ts';

describe('npm stop / npm start keeps every store\'s data', () => {
  it('data written before stop is there after start', { timeout: 600_000 }, async () => {
    const creds = credentials();
    const marker = randomUUID();
    const table = uniqueName('survivors');
    const redisKey = `message:${uniqueName('survivor')}`;
    const objectKey = `${uniqueName('survivor')}.txt`;

    await withPostgres(creds.postgres.migrators.message, 'message', 'message', (client) => client.query(`CREATE TABLE ${table} (marker text)`));
    await withPostgres(creds.postgres.runtimes.message, 'message', 'message', (client) => client.query(`INSERT INTO ${table} VALUES ($1)`, [marker]));
    await withRedis(creds.redis.services.message, 'message', async (client) => {
      await client.set(redisKey, marker);
      // A transaction too: Redis replays it from the AOF as the default user.
      await client.multi().hset(`${redisKey}:tx`, 'marker', marker).expire(`${redisKey}:tx`, 3600).exec();
    });
    const producer = kafkaClient(creds.kafka.services.message, 'message').producer();
    await producer.connect();
    await producer.send({ topic: 'message.created', acks: -1, messages: [{ key: marker, value: marker }] });
    await producer.disconnect();
    await withCassandra(creds.cassandra.migrator, 'message', (client) => client.execute(`CREATE TABLE lynk_messages.${table} (marker text PRIMARY KEY)`));
    await withCassandra(creds.cassandra.message, 'message', (client) => client.execute(`INSERT INTO lynk_messages.${table} (marker) VALUES (?)`, [marker], { prepare: true }));
    const media = s3(creds.minio.media, 'media');
    await media.send(new PutObjectCommand({ Bucket: mediaBucket, Key: objectKey, Body: marker }));
    // Redis flushes its append-only file every second.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const stopped = await runCli('stop');
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /Lynk stopped/);
    for (const port of [policy.inboundPort(policy.workload('postgres')), policy.outboundPort(policy.workload('message'), policy.workload('cassandra'))]) {
      assert.ok(await isPortFree(port), `port ${port} is released after stop`);
    }
    for (const store of ['kafka', 'cassandra', 'minio']) {
      assert.equal(await unixConnect(operatorSocketPath(store)), 'refused', `${store}'s operator socket is closed after stop`);
    }
    assert.notEqual((await runCli('status')).code, 0, 'status reports not running');

    const started = await runCli('start');
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /Lynk is ready/);
    assert.equal(credentials().postgres.runtimes.message.password, creds.postgres.runtimes.message.password, 'credentials are kept');

    const rows = await withPostgres(creds.postgres.runtimes.message, 'message', 'message', (client) => client.query(`SELECT marker FROM ${table}`));
    assert.deepEqual(rows.rows, [{ marker }]);
    assert.equal(await withRedis(creds.redis.services.message, 'message', (client) => client.get(redisKey)), marker);
    assert.equal(await withRedis(creds.redis.services.message, 'message', (client) => client.hget(`${redisKey}:tx`, 'marker')), marker, 'a MULTI/EXEC write survives');
    const cassandraRows = await withCassandra(creds.cassandra.message, 'message', (client) => client.execute(`SELECT marker FROM lynk_messages.${table}`));
    assert.deepEqual(cassandraRows.rows.map((row) => row.marker), [marker]);
    const object = await media.send(new GetObjectCommand({ Bucket: mediaBucket, Key: objectKey }));
    assert.equal(await object.Body?.transformToString(), marker);
    media.destroy();

    const consumer = kafkaClient(creds.kafka.services.notification, 'notification').consumer({ groupId: `notification-restart-${marker}` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'message.created', fromBeginning: true });
    const found = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === marker) {
            clearTimeout(timer);
            resolve(true);
          }
        },
      });
    });
    await consumer.disconnect();
    assert.ok(found, 'the Kafka record survived the restart');

    await withPostgres(creds.postgres.migrators.message, 'message', 'message', (client) => client.query(`DROP TABLE ${table}`));
    await withCassandra(creds.cassandra.migrator, 'message', (client) => client.execute(`DROP TABLE lynk_messages.${table}`));
  });
});
