import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from '@lynk/common';
import type { NotificationConfig } from '../config.ts';
import type { PushSender } from '../providers/push-sender.ts';

/** Everything the use cases need, built once by the composition root. */
export interface NotificationContext {
  config: NotificationConfig;
  pool: pg.Pool;
  /** Read-only: presence written by message. */
  redis: Redis;
  producer: Producer;
  push: PushSender;
  logger: Logger;
}
