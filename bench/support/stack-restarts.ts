/**
 * Notices launcher processes that restarted (or stopped) while a bench measured: a restarted
 * message instance drops every socket on it, and its figures then say nothing about the code.
 */
import { readStackStatus } from '../../mesh/src/launcher/status.ts';

const pidsOf = (names: readonly string[]) => new Map(names.map((name) => [name, readStackStatus()?.processes.find((entry) => entry.name === name && entry.state === 'ready')?.pid]));

/** Returns a check listing the named processes whose pid is not the one they had now. */
export function watchRestarts(names: readonly string[]): () => string[] {
  const before = pidsOf(names);
  return () => {
    const after = pidsOf(names);
    return names.filter((name) => after.get(name) === undefined || after.get(name) !== before.get(name));
  };
}
