import { generateCredentials, type Credentials } from '../launcher/credentials.ts';
import type { Policy } from '../policy/define-policy.ts';
import { hashHeader } from '../mesh/generated-notice.ts';
import { readInitFile } from './init-file.ts';

export const redisUsersPath = 'init/redis-users.acl';

/** Commands every client library needs to connect and run its ready check. */
const connectionCommands = '+ping +hello +auth +info +select +client|setname +client|getname +client|id +echo';

/** Never granted to a service: @dangerous (FLUSHALL, CONFIG, ACL, KEYS...) and the commands that enumerate other prefixes' keys. */
const forbiddenCommands = '-@dangerous -scan -randomkey';

/** Where a password goes: `${redis.services.auth.password}` names its path in state/secrets/credentials.json. */
const passwordPlaceholder = /\$\{redis\.([a-z]+(?:\.[a-z]+)?)\.password\}/g;

/**
 * The ACL file as a template: default user off, one admin, one user per service with the key and
 * channel globs and commands of storeAccess.redis. No passwords, only placeholders for them.
 */
export function redisUsersTemplate(policy: Policy): string {
  const grants = policy.storeAccess.redis?.grants;
  if (!grants) throw new Error('mesh/policy.ts has no storeAccess.redis');
  // Only the fixed user names are used; passwords stay in state/secrets.
  const { admin, services } = generateCredentials().redis;
  const serviceLines = Object.entries(grants).map(([service, grant]) => {
    const login = services[service as keyof typeof services];
    if (!login) throw new Error(`storeAccess.redis grants ${service}, which has no Redis login`);
    const rules = [
      ...grant.keys.map((glob) => `~${glob}`),
      ...grant.readKeys.map((glob) => `%R~${glob}`),
      ...grant.channels.map((glob) => `&${glob}`),
      '-@all',
      grant.commands === 'read' ? '+@read' : '+@all',
      forbiddenCommands,
      connectionCommands,
    ];
    return ['user', login.user, 'on', `\${redis.services.${service}.password}`, 'resetkeys', 'resetchannels', ...rules].join(' ');
  });
  const lines = [
    '# The launcher renders it into state/config/redis/users.acl at every start, without these comment lines (Redis',
    '# allows none): each ${redis.<login>.password} becomes that password\'s rule, natively the SHA-256 hash (#...)',
    '# from state/secrets/credentials.json, in compose `>` and the environment variable.',
    '#',
    '# default is off: no connection can act as it, every client must AUTH. Its rights still matter to Redis 7.0\'s',
    '# AOF-loading client, which replays MULTI/EXEC as default; without them every transaction (and every Lua',
    '# script\'s effects) is dropped when Redis restarts.',
    'user default off resetkeys resetchannels ~* &* +@all',
    `user ${admin.user} on \${redis.admin.password} ~* &* +@all`,
    ...serviceLines,
  ];
  return `${hashHeader('Redis ACL users, a template without passwords')}${lines.join('\n')}\n`;
}

export function readRedisUsersTemplate(): string {
  return readInitFile(redisUsersPath);
}

/**
 * The ACL file Redis loads: comment lines dropped, each password placeholder replaced by
 * `passwordRule(password)`. Refuses a template whose user names are not the credentials' own.
 */
export function renderRedisUsers(template: string, logins: Credentials['redis'], passwordRule: (password: string) => string): string {
  const loginAt = (path: string) => {
    const [group, name] = path.split('.');
    const login = group === 'admin' && !name ? logins.admin : group === 'services' && name ? logins.services[name as keyof typeof logins.services] : undefined;
    if (!login) throw new Error(`${redisUsersPath} names redis.${path}, which is not a Redis login in the credentials`);
    return login;
  };
  const lines = template
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const user = line.split(' ')[1];
      return line.replaceAll(passwordPlaceholder, (_placeholder, path: string) => {
        const login = loginAt(path);
        if (login.user !== user) throw new Error(`${redisUsersPath} gives redis.${path}'s password to user ${user}, but the credentials name ${login.user}`);
        return passwordRule(login.password);
      });
    });
  return `${lines.join('\n')}\n`;
}
