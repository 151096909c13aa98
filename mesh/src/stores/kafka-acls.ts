import type { ServiceName } from '../launcher/credentials.ts';

/** Event topics the services exchange; provision creates any that are missing. */
export const kafkaTopics = [
  'user.created',
  'user.updated',
  'user.deleted',
  'message.created',
  'message.updated',
  'message.deleted',
  'message.reaction',
  'message.read',
  'room.created',
  'room.updated',
  'room.deleted',
  'room.member.joined',
  'room.member.left',
  'room.member.updated',
  'room.member.banned',
  'room.member.unbanned',
  'notification.retry',
  'notification.dead-letter',
] as const;
export type KafkaTopic = (typeof kafkaTopics)[number];

/** One node, so one replica; three partitions leave room for a few consumers per group. */
export const kafkaTopicLayout = { partitions: 3, replicationFactor: 1 } as const;

export type KafkaOperation = 'read' | 'write' | 'describe';

/** One allow rule: a service may do `operations` on the topics or groups the pattern matches. */
export interface KafkaGrant {
  service: ServiceName;
  resourceType: 'topic' | 'group';
  /** `prefixed` matches every name starting with `resourceName`; `literal` only that name. */
  patternType: 'literal' | 'prefixed';
  resourceName: string;
  operations: readonly KafkaOperation[];
}

/**
 * The whole ACL matrix. The broker denies anything not listed here
 * (allow.everyone.if.no.acl.found=false), and provision revokes rules that are no longer listed.
 */
export const kafkaAcls: readonly KafkaGrant[] = [
  // auth owns the user lifecycle events.
  { service: 'auth', resourceType: 'topic', patternType: 'prefixed', resourceName: 'user.', operations: ['write', 'describe'] },

  // message owns message and room events and drops a user's data when the user is deleted.
  { service: 'message', resourceType: 'topic', patternType: 'prefixed', resourceName: 'message.', operations: ['write', 'describe'] },
  { service: 'message', resourceType: 'topic', patternType: 'prefixed', resourceName: 'room.', operations: ['write', 'describe'] },
  { service: 'message', resourceType: 'topic', patternType: 'literal', resourceName: 'user.deleted', operations: ['read', 'describe'] },
  { service: 'message', resourceType: 'group', patternType: 'prefixed', resourceName: 'message', operations: ['read'] },

  // notification reacts to new messages, rooms and users, and owns its retry and dead-letter topics.
  { service: 'notification', resourceType: 'topic', patternType: 'literal', resourceName: 'message.created', operations: ['read', 'describe'] },
  { service: 'notification', resourceType: 'topic', patternType: 'prefixed', resourceName: 'room.', operations: ['read', 'describe'] },
  { service: 'notification', resourceType: 'topic', patternType: 'prefixed', resourceName: 'user.', operations: ['read', 'describe'] },
  {
    service: 'notification',
    resourceType: 'topic',
    patternType: 'prefixed',
    resourceName: 'notification.',
    operations: ['write', 'read', 'describe'],
  },
  { service: 'notification', resourceType: 'group', patternType: 'prefixed', resourceName: 'notification', operations: ['read'] },

  // media deletes a user's uploads when the user is deleted.
  { service: 'media', resourceType: 'topic', patternType: 'literal', resourceName: 'user.deleted', operations: ['read', 'describe'] },
  { service: 'media', resourceType: 'group', patternType: 'prefixed', resourceName: 'media', operations: ['read'] },
];
