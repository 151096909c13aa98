/**
 * Credentials for a local stand-in of FCM: a self-signed certificate for 127.0.0.1 (the stand-in
 * serves it, the notification service trusts only it) and a throwaway service account. Made once
 * per folder; never used to reach Google.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StandinCredentials {
  dir: string;
  caFile: string;
  serviceAccountFile: string;
}

/** A self-signed certificate for 127.0.0.1 and a service account key, made once per folder. */
export function standinCredentials(dir: string): StandinCredentials {
  const caFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const serviceAccountFile = join(dir, 'service-account.json');
  if (!existsSync(caFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '30', '-subj', '/CN=fcm-standin', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  }
  if (!existsSync(serviceAccountFile)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    writeFileSync(serviceAccountFile, JSON.stringify({ type: 'service_account', project_id: 'lynk-standin', client_email: 'push@lynk-standin.iam.gserviceaccount.com', private_key: privateKey }), { mode: 0o600 });
  }
  return { dir, caFile, serviceAccountFile };
}

