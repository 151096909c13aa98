/**
 * A user's presence is the most present of their devices: online if any device is online, away if
 * every connected device is away, offline when none is connected.
 */
export type PresenceStatus = 'online' | 'away' | 'offline';
export type DeviceStatus = Exclude<PresenceStatus, 'offline'>;
