/**
 * Uploads never referenced by a message are deleted after a grace period. Message decides what
 * is referenced: it releases, in one statement, exactly the registrations no message has
 * claimed, so an upload is never deleted while a send attaches it. Uploads a message does use
 * are marked and never asked about again.
 */
import { markInUse, orphanCandidates } from '../store/upload-repository.ts';
import { removeUpload } from './delete-media.ts';
import type { MediaContext } from './media-context.ts';

export interface OrphanSweep {
  removed: number;
  kept: number;
}

export async function cleanOrphans(context: MediaContext, batchSize = 100): Promise<OrphanSweep> {
  const candidates = await orphanCandidates(context.pool, { graceSeconds: context.config.ORPHAN_GRACE_SECONDS, abandonedSeconds: context.config.ABANDONED_UPLOAD_SECONDS, limit: batchSize });
  if (candidates.length === 0) return { removed: 0, kept: 0 };
  const stored = candidates.filter((upload) => upload.status === 'stored');
  const released = new Set(await context.rooms.releaseUnreferenced(stored.map((upload) => upload.id)));
  const kept = stored.filter((upload) => !released.has(upload.id)).map((upload) => upload.id);
  await markInUse(context.pool, kept);
  const orphans = candidates.filter((upload) => upload.status === 'receiving' || released.has(upload.id));
  for (const upload of orphans) await removeUpload(context, upload);
  return { removed: orphans.length, kept: kept.length };
}

/** Sweeps on a timer; one sweep at a time, and a failed sweep only waits for the next tick. */
export function startOrphanSweeper(context: MediaContext): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = cleanOrphans(context)
      .then((sweep) => {
        if (sweep.removed > 0) context.logger.info(sweep, 'orphaned uploads removed');
      })
      .catch((error: unknown) => context.logger.warn({ err: error }, 'orphan sweep failed; retrying on the next tick'))
      .finally(() => (running = undefined));
  }, context.config.ORPHAN_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
