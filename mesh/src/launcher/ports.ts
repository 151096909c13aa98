/**
 * Loopback ports of the data layer. Off the stores' defaults so a developer's own Postgres or
 * Redis does not collide. The mesh issue moves these behind sidecars and into the policy file.
 */
export const storePorts = {
  postgres: 15432,
  redis: 16379,
  kafkaClient: 19092,
  kafkaController: 19093,
  cassandraNative: 19042,
  cassandraStorage: 17000,
  minio: 19000,
  minioConsole: 19001,
  jaegerOtlpGrpc: 14317,
  jaegerOtlpHttp: 14318,
  jaegerQuery: 16686,
  jaegerQueryGrpc: 16685,
  jaegerHealth: 13133,
} as const;

export const loopback = '127.0.0.1';
