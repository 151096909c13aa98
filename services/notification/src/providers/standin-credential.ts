import https from 'node:https';
import type { Credential } from 'firebase-admin/app';

/**
 * With a stand-in of FCM, OAuth tokens come from the stand-in too. firebase-admin's own service
 * account credential fetches tokens with the global fetch, which no agent can redirect; every
 * FCM send still goes through the SDK and `httpAgent` unchanged.
 */
export function standinCredential(origin: URL, agent: https.Agent): Credential {
  return {
    getAccessToken: () =>
      new Promise((resolve, reject) => {
        const request = https.request(new URL('/token', origin), { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            if (response.statusCode !== 200) return reject(new Error(`stand-in token endpoint answered ${response.statusCode}`));
            const token = JSON.parse(body) as { access_token: string; expires_in: number };
            resolve({ access_token: token.access_token, expires_in: token.expires_in });
          });
        });
        request.once('error', reject).end('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer');
      }),
  };
}
