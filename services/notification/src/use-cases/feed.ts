import { notificationErrors } from '../domain/notification-errors.ts';
import { feedPage, markAllRead, markItemRead, unreadCount, type FeedItem } from '../store/feed-repository.ts';
import type { NotificationContext } from './notification-context.ts';

export interface FeedItemView {
  id: string;
  roomId: string;
  messageId: string;
  authorId: string;
  reason: FeedItem['reason'];
  preview: string;
  createdAt: string;
  read: boolean;
}

const view = (item: FeedItem): FeedItemView => ({ id: item.id, roomId: item.roomId, messageId: item.messageId, authorId: item.authorId, reason: item.reason, preview: item.preview, createdAt: item.createdAt.toISOString(), read: item.readAt !== null });

export async function readFeed(context: NotificationContext, userId: string, page: { before?: string; limit: number }): Promise<{ items: FeedItemView[]; unreadCount: number; nextCursor: string | null }> {
  const [items, unread] = await Promise.all([feedPage(context.pool, userId, { ...page, limit: page.limit + 1 }), unreadCount(context.pool, userId)]);
  const shown = items.slice(0, page.limit);
  return { items: shown.map(view), unreadCount: unread, nextCursor: items.length > page.limit ? shown.at(-1)!.id : null };
}

export async function markRead(context: NotificationContext, userId: string, itemId: string): Promise<void> {
  if (!(await markItemRead(context.pool, userId, itemId))) notificationErrors.raise('FEED_ITEM_NOT_FOUND');
}

export async function markEverythingRead(context: NotificationContext, userId: string): Promise<number> {
  return markAllRead(context.pool, userId);
}

export const feedUnreadCount = (context: NotificationContext, userId: string) => unreadCount(context.pool, userId);
