import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '@lynk/common';
import type { OutboxRelay } from '@lynk/common/events';
import type { MessageConfig } from '../config.ts';
import type { EventPublisher } from '../events/event-publisher.ts';
import type { ClientMessageIds } from '../store/client-message-ids.ts';
import type { MessageStore } from '../store/message-store.ts';
import type { PresenceStore } from '../store/presence-store.ts';
import type { ReactionStore } from '../store/reaction-store.ts';
import type { RoomNameFilter } from '../store/room-name-filter.ts';
import type { LiveRooms } from './live-rooms.ts';
import type { SendPermissionCache } from './send-permission-cache.ts';

/** Everything the use cases need, built once by the composition root. */
export interface MessageContext {
  config: MessageConfig;
  pool: pg.Pool;
  redis: Redis;
  logger: Logger;
  messages: MessageStore;
  reactions: ReactionStore;
  presence: PresenceStore;
  clientMessageIds: ClientMessageIds;
  publisher: EventPublisher;
  /** Publishes room.* events queued in Postgres transactions. */
  roomEvents: OutboxRelay;
  roomNames: RoomNameFilter;
  live: LiveRooms;
  sendLimiter: RateLimiterAbstract;
  sendPermissions: SendPermissionCache;
  /** Buckets this instance already indexed, per room: saves one write per message. */
  indexedBuckets: Map<string, number>;
}
