import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from './logger.ts';
import { common, ProblemError } from './problem.ts';

export const problemContentType = 'application/problem+json';

export function sendProblem(response: Response, problem: ProblemError, instance?: string): void {
  response.status(problem.status).type(problemContentType).send(JSON.stringify(problem.toProblem(instance)));
}

/** Maps what body parsers and zod throw to stable codes, so bad input never becomes a 500. */
function asProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (error instanceof ZodError) {
    return common.create('COMMON_VALIDATION_FAILED', 'One or more fields are invalid', {
      errors: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const httpError = error as { type?: string; status?: number; expose?: boolean };
  switch (httpError.type) {
    case 'entity.parse.failed':
      return common.create('COMMON_MALFORMED_JSON');
    case 'entity.too.large':
      return common.create('COMMON_PAYLOAD_TOO_LARGE');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return common.create('COMMON_UNSUPPORTED_MEDIA_TYPE');
    default:
      return undefined;
  }
}

/** Last middleware: trusted errors become problem+json 4xx; anything else is a logged 500. */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const problem = asProblem(error);
    if (problem) {
      sendProblem(response, problem, request.originalUrl);
      return;
    }
    logger.error({ err: error, method: request.method, url: request.originalUrl }, 'unhandled error');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendProblem(response, common.create('COMMON_INTERNAL'), request.originalUrl);
  };
}

export const notFoundHandler: RequestHandler = (request, response) => {
  sendProblem(response, common.create('COMMON_NOT_FOUND', `No route for ${request.method} ${request.path}`), request.originalUrl);
};
