import type { Queryable } from '@lynk/common/store';

export interface Device {
  userId: string;
  deviceId: string;
  token: string;
  platform: 'android' | 'ios' | 'web';
  updatedAt: Date;
}

interface DeviceRow {
  user_id: string;
  device_id: string;
  token: string;
  platform: Device['platform'];
  updated_at: Date;
}

const toDevice = (row: DeviceRow): Device => ({ userId: row.user_id, deviceId: row.device_id, token: row.token, platform: row.platform, updatedAt: row.updated_at });

/**
 * Registers a device's token. A token lives on one device only: if another device (or account)
 * had it, that registration goes, so a phone handed over never receives its old owner's pushes.
 */
export async function upsertDevice(db: Queryable, device: Omit<Device, 'updatedAt'>): Promise<void> {
  await db.query('DELETE FROM devices WHERE token = $1 AND NOT (user_id = $2 AND device_id = $3)', [device.token, device.userId, device.deviceId]);
  await db.query(
    `INSERT INTO devices (user_id, device_id, token, platform) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, device_id) DO UPDATE SET token = EXCLUDED.token, platform = EXCLUDED.platform, updated_at = now()`,
    [device.userId, device.deviceId, device.token, device.platform],
  );
}

export async function deleteDevice(db: Queryable, userId: string, deviceId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM devices WHERE user_id = $1 AND device_id = $2', [userId, deviceId]);
  return result.rowCount === 1;
}

/** FCM said these tokens are dead: whoever holds them loses them. */
export async function deleteDevicesByToken(db: Queryable, tokens: readonly string[]): Promise<number> {
  if (tokens.length === 0) return 0;
  const result = await db.query('DELETE FROM devices WHERE token = ANY($1::text[])', [tokens]);
  return result.rowCount ?? 0;
}

export async function devicesOf(db: Queryable, userIds: readonly string[]): Promise<Device[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.query<DeviceRow>('SELECT user_id, device_id, token, platform, updated_at FROM devices WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, device_id', [userIds]);
  return rows.map(toDevice);
}

export async function hasToken(db: Queryable, token: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM devices WHERE token = $1', [token]);
  return (rowCount ?? 0) > 0;
}
