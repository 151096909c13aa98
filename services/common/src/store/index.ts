export * from './store-config.ts';
export * from './store-clients.ts';
export * from './run-migrations.ts';
export * from './transactions.ts';
