import { execFileSync } from 'node:child_process';

export interface LocalUser {
  uid: number;
  gid: number;
  home: string;
}

/** Looks up a local account (e.g. `postgres`, which Debian's package creates). */
export function lookupLocalUser(name: string): LocalUser {
  const entry = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
  const fields = entry.split(':');
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no local user ${name}`);
  return { uid, gid, home: fields[5] ?? '/' };
}

export const runningAsRoot = process.getuid?.() === 0;
