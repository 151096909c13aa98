import type { ServiceMetrics } from './service-metrics.ts';

/** The part of a kafkajs `eachBatch` batch that carries the lag. */
interface BatchLike {
  topic: string;
  partition: number;
  offsetLag(): string;
}

/** Call from `eachBatch` after the batch is processed: how far this consumer is behind. */
export function observeConsumerLag(metrics: ServiceMetrics, group: string, batch: BatchLike): void {
  metrics.kafkaConsumerLag.set({ group, topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
}
