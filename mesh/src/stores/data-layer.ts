import { policy } from '../../policy.ts';
import type { ManagedProcess } from '../launcher/managed-process.ts';
import { privateNetworkHolder } from '../launcher/private-network-holder.ts';
import { privateNetworkStores } from '../mesh/private-network.ts';
import { cassandra } from './cassandra.ts';
import { edge } from './edge.ts';
import { jaeger } from './jaeger.ts';
import { kafka } from './kafka.ts';
import { minio } from './minio.ts';
import { postgres } from './postgres.ts';
import { redis } from './redis.ts';
import { sidecars } from './sidecar.ts';
import { authService } from '../services/auth-service.ts';
import { messageServices } from '../services/message-service.ts';
import { notificationService } from '../services/notification-service.ts';
import { mediaService } from '../services/media-service.ts';
import { spireAgent } from './spire-agent.ts';
import { spireServer } from './spire-server.ts';

/** Everything `npm start` runs (stores, the mesh, then the services), in the order `npm run status` lists it; dependencies come first. */
export const dataLayer: ManagedProcess[] = [
  ...privateNetworkStores(policy).map((store) => privateNetworkHolder(store.name)),
  postgres, redis, kafka, cassandra, minio, jaeger, spireServer, spireAgent, ...sidecars, edge, authService, ...messageServices, notificationService, mediaService,
];
