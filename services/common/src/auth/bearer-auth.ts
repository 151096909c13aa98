import type { NextFunction, Request, Response } from 'express';
import { common } from '../problem.ts';

/** The verified caller of a protected route. */
export interface Caller {
  userId: string;
  sessionId: string;
}

type Verify = (token: string) => Promise<{ userId: string; sessionId: string }>;

/** Requires `Authorization: Bearer <access token>` and puts the caller in `response.locals.caller`. */
export function requireBearer(verify: Verify) {
  return async (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('authorization') ?? '';
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(header)?.[1];
    if (!token) return next(common.create('COMMON_UNAUTHENTICATED', 'Send the access token as Authorization: Bearer <token>'));
    try {
      const { userId, sessionId } = await verify(token);
      response.locals.caller = { userId, sessionId } satisfies Caller;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function callerOf(response: Response): Caller {
  return response.locals.caller as Caller;
}
