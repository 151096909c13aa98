import type { Request } from 'express';
import type { DeviceInfo } from '../use-cases/auth-context.ts';

/** The client's address: the edge replaces X-Forwarded-For with exactly the real peer. */
export function clientIp(request: Request): string {
  return request.get('x-forwarded-for')?.split(',')[0]?.trim() || request.socket.remoteAddress || 'unknown';
}

export function deviceInfo(request: Request, deviceName: string | undefined): DeviceInfo {
  const userAgent = request.get('user-agent') ?? null;
  return { deviceName: deviceName ?? userAgent?.slice(0, 100) ?? 'unknown device', userAgent, ip: clientIp(request) };
}
