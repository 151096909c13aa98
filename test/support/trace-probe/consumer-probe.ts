import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { createLogger } from '../../../services/common/src/index.ts';
import { withRecordTrace } from '../../../services/common/src/telemetry/index.ts';
import { observeConsumerLag, type ServiceMetrics } from '../../../services/common/src/metrics/index.ts';
import { credentials, throughSidecar } from '../stack.ts';
import { probeTopic } from './probe-topic.ts';

/** Consumes the probe's topic as notification and logs each record inside its consumer span. */
export async function runProbe(metrics: ServiceMetrics): Promise<() => Promise<void>> {
  const logger = createLogger('trace-probe-consumer');
  const login = credentials().kafka.services.notification;
  const sidecar = throughSidecar('notification', 'kafka');
  const kafka = new kafkajs.Kafka({
    clientId: 'trace-probe-consumer',
    brokers: [`${sidecar.host}:${sidecar.port}`],
    sasl: { mechanism: 'scram-sha-512', username: login.user, password: login.password },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const group = `notification-trace-probe-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
  await consumer.connect();
  // From the start: a new group's "latest" offset is fixed only after joining, and could skip the record under test.
  await consumer.subscribe({ topic: probeTopic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        await withRecordTrace(batch.topic, message.headers, async () => logger.info({ tag: message.key?.toString(), value: message.value?.toString() }, 'trace probe consumed'));
      }
      observeConsumerLag(metrics, group, batch);
    },
  });
  await joined;
  return () => consumer.disconnect();
}
