import { z } from 'zod';
import { generateCredentials } from '../launcher/credentials.ts';
import type { Policy } from '../policy/define-policy.ts';
import { jsonWithNotice } from '../mesh/generated-notice.ts';
import { readInitFile } from './init-file.ts';

export const kafkaTopicsPath = 'init/kafka-topics.json';
export const kafkaAclsPath = 'init/kafka-acls.json';

const kafkaTopicsSchema = z.object({
  partitions: z.number().int().min(1),
  replicationFactor: z.number().int().min(1),
  topics: z.array(z.string()),
});
export type KafkaTopics = z.infer<typeof kafkaTopicsSchema>;

const kafkaOperations = ['read', 'write', 'describe'] as const;
export type KafkaOperation = (typeof kafkaOperations)[number];

/** One allow rule: `principal` may do `operations` on the topics or groups the pattern matches. */
const kafkaAclSchema = z.object({
  principal: z.string().startsWith('User:'),
  resourceType: z.enum(['topic', 'group']),
  /** `prefixed` matches every name starting with `resourceName`; `literal` only that name. */
  patternType: z.enum(['literal', 'prefixed']),
  resourceName: z.string().min(1),
  operations: z.array(z.enum(kafkaOperations)).min(1),
});
export type KafkaAcl = z.infer<typeof kafkaAclSchema>;
const kafkaAclsSchema = z.object({ acls: z.array(kafkaAclSchema) });

export function kafkaAccess(policy: Policy) {
  const kafka = policy.storeAccess.kafka;
  if (!kafka) throw new Error('mesh/policy.ts has no storeAccess.kafka');
  return kafka;
}

export function kafkaTopicsFile(policy: Policy): string {
  const { topics, partitions, replicationFactor } = kafkaAccess(policy);
  return jsonWithNotice('Kafka topics the launcher creates when missing', { partitions, replicationFactor, topics });
}

/**
 * The ACL matrix: produce is write and describe, consume is read and describe, a consumer group
 * needs read. Rules on the same resource merge, so each (resource, operation) appears once.
 */
export function kafkaAcls(policy: Policy): KafkaAcl[] {
  // Only the fixed user names are used; passwords stay in state/secrets.
  const users = generateCredentials().kafka.services;
  const acls: KafkaAcl[] = [];
  for (const [service, grant] of Object.entries(kafkaAccess(policy).grants)) {
    const user = users[service as keyof typeof users]?.user;
    if (!user) throw new Error(`storeAccess.kafka grants ${service}, which has no Kafka login`);
    const add = (resourceType: KafkaAcl['resourceType'], pattern: string, operations: KafkaOperation[]) => {
      const patternType = pattern.endsWith('*') ? 'prefixed' : 'literal';
      const resourceName = pattern.replace(/\*$/, '');
      const principal = `User:${user}`;
      const existing = acls.find((acl) => acl.principal === principal && acl.resourceType === resourceType && acl.patternType === patternType && acl.resourceName === resourceName);
      const merged = [...(existing?.operations ?? []), ...operations];
      const ordered = kafkaOperations.filter((operation) => merged.includes(operation));
      if (existing) existing.operations = ordered;
      else acls.push({ principal, resourceType, patternType, resourceName, operations: ordered });
    };
    for (const pattern of grant.produce) add('topic', pattern, ['write', 'describe']);
    for (const pattern of grant.consume) add('topic', pattern, ['read', 'describe']);
    for (const pattern of grant.groups) add('group', pattern, ['read']);
  }
  return acls;
}

export function kafkaAclsFile(policy: Policy): string {
  return jsonWithNotice('Kafka ACLs; the broker denies anything not listed, the launcher revokes rules no longer listed', { acls: kafkaAcls(policy) });
}

export function readKafkaTopics(): KafkaTopics {
  return kafkaTopicsSchema.parse(JSON.parse(readInitFile(kafkaTopicsPath)));
}

export function readKafkaAcls(): KafkaAcl[] {
  return kafkaAclsSchema.parse(JSON.parse(readInitFile(kafkaAclsPath))).acls;
}
