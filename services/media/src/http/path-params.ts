import type { Request } from 'express';
import { mediaErrors } from '../domain/media-errors.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A path segment that is not a UUID names nothing that exists: 404 rather than a validation error. */
export function uuidParam(request: Request, name: string): string {
  const value = String(request.params[name] ?? '');
  if (!uuidPattern.test(value)) mediaErrors.raise('MEDIA_NOT_FOUND');
  return value;
}
