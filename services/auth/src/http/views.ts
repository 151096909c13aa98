import type { Session } from '../store/session-repository.ts';
import type { User } from '../store/user-repository.ts';

/** What clients see of a user: never TOTP material. */
export function userView(user: User) {
  return {
    id: user.id,
    phone: user.phone,
    displayName: user.displayName,
    avatarMediaId: user.avatarMediaId,
    totpEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function sessionView(session: Session, currentSessionId: string) {
  return {
    id: session.id,
    deviceName: session.deviceName,
    userAgent: session.userAgent,
    ip: session.ip,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    current: session.id === currentSessionId,
  };
}
