import { z } from 'zod';
import { configFormats } from '../config.ts';

/** Where a service reaches its stores: its own sidecar's outbound ports, with its own logins. */
export const postgresConfigShape = {
  POSTGRES_HOST: z.string().default('127.0.0.1').describe('the service sidecar address for Postgres'),
  POSTGRES_PORT: configFormats.port().describe("the sidecar's outbound port to Postgres"),
  POSTGRES_DATABASE: z.string().min(1).describe("the service's database"),
  POSTGRES_USER: z.string().min(1).describe('runtime role (DML only)'),
  POSTGRES_PASSWORD: z.string().min(1).describe('runtime role password'),
  POSTGRES_POOL_SIZE: z.coerce.number().int().positive().default(10).describe('connections in the pool'),
};

export const redisConfigShape = {
  REDIS_HOST: z.string().default('127.0.0.1').describe('the service sidecar address for Redis'),
  REDIS_PORT: configFormats.port().describe("the sidecar's outbound port to Redis"),
  REDIS_USER: z.string().min(1).describe("the service's Redis ACL user"),
  REDIS_PASSWORD: z.string().min(1).describe('its password'),
};

export const kafkaConfigShape = {
  KAFKA_BROKERS: z.string().min(1).describe('comma-separated host:port of the sidecar outbound listener to Kafka'),
  KAFKA_USER: z.string().min(1).describe("the service's SCRAM user"),
  KAFKA_PASSWORD: z.string().min(1).describe('its password'),
};

export const telemetryConfigShape = {
  OTLP_TRACES_URL: z.url().optional().describe('OTLP/HTTP traces endpoint through the sidecar; unset keeps spans local'),
};

export const cassandraConfigShape = {
  CASSANDRA_HOST: z.string().default('127.0.0.1').describe('the service sidecar address for Cassandra'),
  CASSANDRA_PORT: configFormats.port().describe("the sidecar's outbound port to Cassandra"),
  CASSANDRA_KEYSPACE: z.string().min(1).describe('keyspace holding the service tables'),
  CASSANDRA_USER: z.string().min(1).describe('runtime role (SELECT, MODIFY)'),
  CASSANDRA_PASSWORD: z.string().min(1).describe('its password'),
  CASSANDRA_LOCAL_DC: z.string().default('datacenter1').describe('data centre the driver treats as local'),
};
