import { inTransaction } from '@lynk/common/store';
import { deleteWindowsOf } from '../store/collapse-windows.ts';
import { deleteDeliveriesOf } from '../store/delivery-repository.ts';
import { deleteFeedOf } from '../store/feed-repository.ts';
import { forgetMemberEverywhere } from '../store/room-projection.ts';
import type { NotificationContext } from './notification-context.ts';

/** `user.deleted`: the person's devices, settings, preferences, feed (and feed items quoting them) and push records go. */
export async function eraseUser(context: NotificationContext, userId: string): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    await db.query('DELETE FROM devices WHERE user_id = $1', [userId]);
    await db.query('DELETE FROM user_settings WHERE user_id = $1', [userId]);
    await db.query('DELETE FROM room_preferences WHERE user_id = $1', [userId]);
    await deleteFeedOf(db, userId);
    await deleteDeliveriesOf(db, userId);
    await deleteWindowsOf(db, userId);
    await forgetMemberEverywhere(db, userId);
  });
}
