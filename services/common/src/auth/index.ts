export * from './token-errors.ts';
export * from './jwks-key-store.ts';
export * from './jwt-verifier.ts';
export * from './token-claims.ts';
export * from './bearer-auth.ts';
