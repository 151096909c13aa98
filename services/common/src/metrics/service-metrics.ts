import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; from a Redis hit (sub-ms) to a slow Cassandra write or a media upload. */
const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every Prometheus series a Lynk service exposes on `/metrics`, in one registry per service. */
export function createServiceMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'lynk_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status; _count is the request count',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: latencyBuckets,
      registers,
    }),
    socketConnections: new Gauge({ name: 'lynk_socket_connections', help: 'Socket.IO connections open now', registers }),
    socketEventDuration: new Histogram({
      name: 'lynk_socket_event_duration_seconds',
      help: 'Socket.IO client commands by event and outcome (ok or the error code), until the acknowledgement',
      labelNames: ['event', 'outcome'] as const,
      buckets: latencyBuckets,
      registers,
    }),
    kafkaMessages: new Counter({
      name: 'lynk_kafka_messages_total',
      help: 'Kafka records published or consumed, by topic and outcome',
      labelNames: ['direction', 'topic', 'outcome'] as const,
      registers,
    }),
    kafkaConsumerLag: new Gauge({
      name: 'lynk_kafka_consumer_lag',
      help: 'Records between the last consumed offset and the partition end, per topic and partition',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers,
    }),
    storeCallDuration: new Histogram({
      name: 'lynk_store_call_duration_seconds',
      help: 'Calls to Postgres, Redis, Cassandra and S3 by store, operation and outcome',
      labelNames: ['store', 'operation', 'outcome'] as const,
      buckets: latencyBuckets,
      registers,
    }),
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
