import express from 'express';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { trace } from '@opentelemetry/api';
import { createLogger, healthRouter } from '../../../services/common/src/index.ts';
import { httpMetrics, metricsHandler, type ServiceMetrics } from '../../../services/common/src/metrics/index.ts';
import { policy } from '../../../mesh/policy.ts';
import { credentials, throughSidecar } from '../stack.ts';
import { probeTopic } from './probe-topic.ts';

/** Serves `GET /api/auth/trace-probe` on auth's app port, as auth's app will sit behind its sidecar. */
export async function runProbe(metrics: ServiceMetrics): Promise<() => Promise<void>> {
  const logger = createLogger('trace-probe');
  const logins = credentials();
  // PROBE_POSTGRES_PORT points the probe at a dead port, to show readiness failing with the reason.
  const postgres = { ...throughSidecar('auth', 'postgres'), ...(process.env.PROBE_POSTGRES_PORT ? { port: Number(process.env.PROBE_POSTGRES_PORT) } : {}) };
  const pool = new pg.Pool({ ...postgres, connectionTimeoutMillis: 1000, user: logins.postgres.runtimes.auth.user, password: logins.postgres.runtimes.auth.password, database: 'auth', max: 2 });
  const kafkaSidecar = throughSidecar('auth', 'kafka');
  const kafka = new kafkajs.Kafka({
    clientId: 'trace-probe',
    brokers: [`${kafkaSidecar.host}:${kafkaSidecar.port}`],
    sasl: { mechanism: 'scram-sha-512', username: logins.kafka.services.auth.user, password: logins.kafka.services.auth.password },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();

  const app = express();
  app.use(httpMetrics(metrics));
  app.use(healthRouter({ checks: { postgres: async () => void (await pool.query('SELECT 1')) } }));
  app.get('/metrics', metricsHandler(metrics));
  app.get('/api/auth/trace-probe', async (request, response) => {
    const tag = String(request.query.tag ?? '');
    const { rows } = await pool.query<{ now: Date }>('SELECT now() AS now');
    await producer.send({ topic: probeTopic, messages: [{ key: tag, value: JSON.stringify({ tag, at: rows[0]!.now }) }] });
    logger.info({ tag }, 'trace probe handled');
    response.json({ tag, traceId: trace.getActiveSpan()?.spanContext().traceId, xfcc: request.get('x-forwarded-client-cert') ?? null });
  });

  const workload = policy.workload('auth');
  const port = Number(process.env.PROBE_APP_PORT ?? (workload.kind === 'service' ? workload.appPort : 0));
  const server = app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return async () => {
    server.close();
    await producer.disconnect();
    await pool.end();
  };
}
