import type { Queryable } from '@lynk/common/store';

export type AvatarOwnerKind = 'user' | 'room';

export interface Avatar {
  ownerKind: AvatarOwnerKind;
  ownerId: string;
  objectKey: string;
  updatedAt: Date;
}

interface AvatarRow {
  owner_kind: AvatarOwnerKind;
  owner_id: string;
  object_key: string;
  updated_at: Date;
}

const toAvatar = (row: AvatarRow): Avatar => ({ ownerKind: row.owner_kind, ownerId: row.owner_id, objectKey: row.object_key, updatedAt: row.updated_at });

export async function findAvatar(db: Queryable, ownerKind: AvatarOwnerKind, ownerId: string): Promise<Avatar | undefined> {
  const { rows } = await db.query<AvatarRow>('SELECT owner_kind, owner_id, object_key, updated_at FROM avatars WHERE owner_kind = $1 AND owner_id = $2', [ownerKind, ownerId]);
  return rows[0] ? toAvatar(rows[0]) : undefined;
}

/** Sets the avatar and returns the object key it replaced, which the caller deletes. */
export async function replaceAvatar(db: Queryable, ownerKind: AvatarOwnerKind, ownerId: string, objectKey: string, setBy: string): Promise<string | undefined> {
  const { rows } = await db.query<{ previous_key: string | null }>(
    `WITH previous AS (SELECT object_key FROM avatars WHERE owner_kind = $1 AND owner_id = $2 FOR UPDATE)
     INSERT INTO avatars (owner_kind, owner_id, object_key, set_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (owner_kind, owner_id) DO UPDATE SET object_key = EXCLUDED.object_key, set_by = EXCLUDED.set_by, updated_at = now()
     RETURNING (SELECT object_key FROM previous) AS previous_key`,
    [ownerKind, ownerId, objectKey, setBy],
  );
  return rows[0]?.previous_key ?? undefined;
}

/** Removes the avatar and returns its object key, if there was one. */
export async function removeAvatar(db: Queryable, ownerKind: AvatarOwnerKind, ownerId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ object_key: string }>('DELETE FROM avatars WHERE owner_kind = $1 AND owner_id = $2 RETURNING object_key', [ownerKind, ownerId]);
  return rows[0]?.object_key;
}

/** Erasure: the avatars this person set for rooms stay (they are the room's), without the person's id. */
export async function forgetAvatarSetter(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE avatars SET set_by = NULL WHERE set_by = $1', [userId]);
}
