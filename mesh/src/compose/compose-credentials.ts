import { generateCredentials, type Credentials } from '../launcher/credentials.ts';

/** Compose refuses to run (and `docker compose config` fails) while such a variable is unset. */
export function requiredVariable(name: string): string {
  return `\${${name}:?required}`;
}

/** A secret's variable: its path in state/secrets/credentials.json, e.g. kafka.services.auth -> LYNK_KAFKA_SERVICES_AUTH_PASSWORD. */
export function credentialVariable(path: string[]): string {
  return ['LYNK', ...path].map((part) => part.replaceAll(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

/**
 * The credentials' shape with their fixed user names, every secret (passwords, Kafka's cluster
 * id) replaced by a required compose variable, so no secret is ever written into a compose file.
 */
export function composeCredentials(): Credentials {
  const replaceSecrets = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') return path.at(-1) === 'user' ? value : requiredVariable(credentialVariable(path));
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, replaceSecrets(inner, [...path, key])]));
  };
  return replaceSecrets(generateCredentials(), []) as Credentials;
}
