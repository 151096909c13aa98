/** One entry of a service's error catalogue: a stable code, its HTTP status and a title. */
export interface ErrorDefinition {
  status: number;
  title: string;
}

export type ErrorCatalogue = Record<string, ErrorDefinition>;

/** RFC 9457 problem details with Lynk's stable `code` extension. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** A trusted error: bad input, a conflict, a missing resource. Becomes a 4xx problem response. */
export class ProblemError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }

  toProblem(instance?: string): ProblemDocument {
    return {
      type: `urn:lynk:problem:${this.code}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

/** Errors every service shares; each service adds its own catalogue beside it. */
export const commonErrors = {
  COMMON_VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  COMMON_MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  COMMON_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be JSON' },
  COMMON_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  COMMON_NOT_FOUND: { status: 404, title: 'No such resource' },
  COMMON_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  COMMON_UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  COMMON_FORBIDDEN: { status: 403, title: 'Not allowed' },
  COMMON_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  COMMON_NOT_READY: { status: 503, title: 'The service is not ready' },
  COMMON_INTERNAL: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies ErrorCatalogue;

/**
 * Turns a catalogue into a typed factory: `errors.raise('AUTH_OTP_EXPIRED', 'detail')` or
 * `errors.create(...)`. A code not in the catalogue does not compile.
 */
export function defineErrors<Catalogue extends ErrorCatalogue>(catalogue: Catalogue) {
  const create = (code: keyof Catalogue & string, detail?: string, extensions?: Record<string, unknown>): ProblemError => {
    const definition = catalogue[code];
    if (!definition) throw new Error(`unknown error code ${code}`);
    return new ProblemError(code, definition.status, definition.title, detail, extensions);
  };
  return {
    catalogue,
    create,
    raise(code: keyof Catalogue & string, detail?: string, extensions?: Record<string, unknown>): never {
      throw create(code, detail, extensions);
    },
  };
}

/** Declared with an explicit type so `errors.raise(...)` narrows like a `throw` at its call sites. */
export type ErrorFactory<Catalogue extends ErrorCatalogue> = ReturnType<typeof defineErrors<Catalogue>>;

export const common: ErrorFactory<typeof commonErrors> = defineErrors(commonErrors);
