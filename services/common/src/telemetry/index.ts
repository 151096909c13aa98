// Imported before the app, so it must not pull in express or any store client.
export * from './start-telemetry.ts';
export * from './kafka-record-trace.ts';
export * from './socket-command-trace.ts';
