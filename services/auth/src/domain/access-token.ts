import jwt from 'jsonwebtoken';

export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
}

export interface AccessTokenSigningKey {
  kid: string;
  privateKeyPem: string;
}

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  now?: Date;
}

/** A short-lived ES256 access token carrying exactly sub, sid, iat, exp, iss and aud, with the key's kid in the header. */
export function issueAccessToken(
  { userId, sessionId }: AccessTokenSubject,
  key: AccessTokenSigningKey,
  { issuer, audience, ttlSeconds, now = new Date() }: AccessTokenOptions,
): { token: string; expiresAt: Date } {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error(`access token TTL must be a positive whole number of seconds, got ${ttlSeconds}`);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const claims = { sub: userId, sid: sessionId, iat: issuedAt, exp: expiresAt, iss: issuer, aud: audience };
  const token = jwt.sign(claims, key.privateKeyPem, { algorithm: 'ES256', keyid: key.kid });
  return { token, expiresAt: new Date(expiresAt * 1000) };
}
