import { z } from 'zod';
import { authErrorCatalogue } from '../domain/auth-errors.ts';
import * as schemas from './request-schemas.ts';

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  success: number;
  bearer?: boolean;
}

const operations: Operation[] = [
  { method: 'post', path: '/api/auth/register', summary: 'Start sign-up: texts a 6-digit code', body: schemas.registerBody, success: 202 },
  { method: 'post', path: '/api/auth/register/verify', summary: 'Finish sign-up with the code; returns a session', body: schemas.verifyRegistrationBody, success: 201 },
  { method: 'post', path: '/api/auth/login', summary: 'Start login: texts a code to a registered number', body: schemas.loginBody, success: 202 },
  { method: 'post', path: '/api/auth/login/verify', summary: 'Finish login with the code (and a TOTP or recovery code if enabled)', body: schemas.verifyLoginBody, success: 200 },
  { method: 'post', path: '/api/auth/token/refresh', summary: 'Rotate the refresh token; returns a new pair', body: schemas.refreshBody, success: 200 },
  { method: 'post', path: '/api/auth/logout', summary: 'Revoke this session', success: 204, bearer: true },
  { method: 'post', path: '/api/auth/logout-all', summary: 'Revoke every session of the user', success: 200, bearer: true },
  { method: 'get', path: '/api/auth/sessions', summary: 'List active sessions and devices', success: 200, bearer: true },
  { method: 'delete', path: '/api/auth/sessions/{sessionId}', summary: 'Revoke one session', success: 204, bearer: true },
  { method: 'post', path: '/api/auth/totp/setup', summary: 'Start TOTP setup: otpauth URL and QR code', success: 200, bearer: true },
  { method: 'post', path: '/api/auth/totp/confirm', summary: 'Confirm TOTP with a first code; returns recovery codes once', body: schemas.totpConfirmBody, success: 200, bearer: true },
  { method: 'post', path: '/api/auth/totp/disable', summary: 'Turn TOTP off with a current or recovery code', body: schemas.totpDisableBody, success: 204, bearer: true },
  { method: 'get', path: '/api/auth/me', summary: 'The signed-in user', success: 200, bearer: true },
  { method: 'patch', path: '/api/auth/me', summary: 'Change display name or avatar', body: schemas.profilePatchBody, success: 200, bearer: true },
  { method: 'delete', path: '/api/auth/me', summary: 'Erase the account (GDPR)', success: 204, bearer: true },
  { method: 'get', path: '/.well-known/jwks.json', summary: 'Public keys that verify access tokens', success: 200 },
];

const problem = { $ref: '#/components/schemas/Problem' };

/** OpenAPI 3.1 for the auth routes, built from the same zod schemas the routes validate with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      summary: operation.summary,
      ...(operation.bearer ? { security: [{ bearer: [] }] } : {}),
      ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(operation.body, { io: 'input' }) } } } } : {}),
      responses: {
        [operation.success]: { description: 'Success' },
        default: { description: 'An error with a stable code', content: { 'application/problem+json': { schema: problem } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Lynk auth', version: '1' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string', enum: Object.keys(authErrorCatalogue) }, detail: { type: 'string' } },
        },
      },
    },
  };
}
