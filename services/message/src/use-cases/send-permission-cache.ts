/**
 * Senders send often and memberships change rarely, so the send path remembers for a few seconds
 * that a user may post in a room. Every use case that ends a membership forgets it at once, so a
 * kicked or banned member is refused on their very next send.
 */
export interface SendPermission {
  roomId: string;
  bucketSeconds: number;
}

export interface SendPermissionCache {
  get(roomId: string, userId: string): SendPermission | undefined;
  /** Ignored when the membership changed after `lookedUpAt`: the lookup may predate the change. */
  remember(userId: string, permission: SendPermission, lookedUpAt: number): void;
  forget(roomId: string, userId: string): void;
  forgetRoom(roomId: string): void;
}

export function sendPermissionCache(options: { ttlMs: number; maxEntries: number }): SendPermissionCache {
  const entries = new Map<string, { permission: SendPermission; until: number }>();
  const keyOf = (roomId: string, userId: string) => `${roomId}/${userId}`;
  /** When each key, or a whole room, was last forgotten; older than the TTL no longer matters. */
  const forgottenAt = new Map<string, number>();
  const changedSince = (roomId: string, userId: string, at: number) => (forgottenAt.get(keyOf(roomId, userId)) ?? 0) >= at || (forgottenAt.get(roomId) ?? 0) >= at;
  const markForgotten = (key: string) => {
    const now = Date.now();
    forgottenAt.set(key, now);
    for (const [entry, at] of forgottenAt) if (now - at > options.ttlMs) forgottenAt.delete(entry);
  };
  return {
    get(roomId, userId) {
      const entry = entries.get(keyOf(roomId, userId));
      if (!entry) return undefined;
      if (entry.until > Date.now()) return entry.permission;
      entries.delete(keyOf(roomId, userId));
      return undefined;
    },
    remember(userId, permission, lookedUpAt) {
      if (changedSince(permission.roomId, userId, lookedUpAt)) return;
      // Oldest first out once full: Map keeps insertion order.
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(keyOf(permission.roomId, userId), { permission, until: Date.now() + options.ttlMs });
    },
    forget(roomId, userId) {
      markForgotten(keyOf(roomId, userId));
      entries.delete(keyOf(roomId, userId));
    },
    forgetRoom(roomId) {
      markForgotten(roomId);
      for (const key of entries.keys()) if (key.startsWith(`${roomId}/`)) entries.delete(key);
    },
  };
}
