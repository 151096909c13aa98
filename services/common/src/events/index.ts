export * from './event-envelope.ts';
export * from './user-events.ts';
export * from './outbox.ts';
