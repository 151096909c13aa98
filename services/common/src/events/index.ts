export * from './event-envelope.ts';
export * from './user-events.ts';
export * from './outbox.ts';
export * from './room-events.ts';
export * from './message-events.ts';
export * from './consumer-loop.ts';
export * from './user-deleted-consumer.ts';
