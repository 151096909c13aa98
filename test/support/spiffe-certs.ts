import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PemIdentity {
  cert: string;
  key: string;
}

/** A self-signed certificate that claims a Lynk SPIFFE ID but chains to nothing SPIRE issued. */
export function selfSignedSpiffeCert(spiffeId: string, options: { validDays?: number; notAfterPast?: boolean } = {}): PemIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'lynk-forged-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', String(options.validDays ?? 1),
    '-subj', '/O=forged', '-addext', `subjectAltName=URI:${spiffeId}`,
  ], { stdio: 'ignore' });
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}
