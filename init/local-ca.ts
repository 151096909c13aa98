/**
 * The edge's public TLS certificate, from a local CA under `<repo>/certs/` (gitignored).
 *
 * The public edge is not part of the SPIFFE mesh: browsers and apps know nothing of SPIRE, so
 * the certificate they see is a file signed by a CA a developer can trust (`certs/ca.crt`).
 * The edge's own mTLS towards the services still uses its SVID over SDS.
 * Idempotent: an existing, valid CA is kept; the edge certificate is reissued when it is
 * missing, not from the current CA, lacks a SAN, or expires within 30 days.
 */
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../mesh/src/paths.ts';

const dayMs = 24 * 60 * 60 * 1000;

export const caValidityDays = 3650;
export const edgeValidityDays = 365;
/** The edge certificate is reissued when fewer days than this remain. */
export const renewBeforeDays = 30;
export const caSubject = '/O=Lynk/CN=Lynk local CA';
/** What a local client may call the edge: `https://localhost:8443` or `https://127.0.0.1:8443`. */
export const edgeHostNames = { dns: ['localhost'], ip: ['127.0.0.1'] } as const;

export interface LocalCaPaths {
  dir: string;
  caCert: string;
  caKey: string;
  edgeCert: string;
  edgeKey: string;
}

export function localCaPaths(dir = join(repoRoot, 'certs')): LocalCaPaths {
  return { dir, caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), edgeCert: join(dir, 'edge.crt'), edgeKey: join(dir, 'edge.key') };
}

export interface LocalCaResult extends LocalCaPaths {
  /** What this call changed: nothing, the edge certificate only, or the CA (and so the edge too). */
  issued: 'none' | 'edge' | 'ca-and-edge';
  /** Why the edge certificate was (re)issued, when it was. */
  reason?: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function readCertificate(path: string): X509Certificate | undefined {
  try {
    return new X509Certificate(readFileSync(path));
  } catch {
    return undefined;
  }
}

function remainingDays(certificate: X509Certificate, now: number): number {
  return (new Date(certificate.validTo).getTime() - now) / dayMs;
}

/** Why the CA must be (re)created, or undefined when the existing one is fine. */
function caProblem(paths: LocalCaPaths, now: number): string | undefined {
  if (!existsSync(paths.caKey)) return 'no CA key';
  const ca = readCertificate(paths.caCert);
  if (!ca) return 'no readable CA certificate';
  if (!ca.ca) return 'CA certificate is not a CA';
  // A CA outliving its edge certificates by less than a year would force a new trust anchor soon.
  if (remainingDays(ca, now) < renewBeforeDays) return `CA expires ${ca.validTo}`;
  return undefined;
}

/** Why the edge certificate must be (re)issued, or undefined when the existing one is fine. */
function edgeProblem(paths: LocalCaPaths, ca: X509Certificate, now: number): string | undefined {
  if (!existsSync(paths.edgeKey)) return 'no edge key';
  const edge = readCertificate(paths.edgeCert);
  if (!edge) return 'no readable edge certificate';
  if (!edge.checkIssued(ca) || !edge.verify(ca.publicKey)) return 'edge certificate is not from the current CA';
  if (remainingDays(edge, now) < renewBeforeDays) return `edge certificate expires ${edge.validTo}`;
  for (const host of edgeHostNames.dns) if (!edge.checkHost(host)) return `edge certificate does not name ${host}`;
  for (const ip of edgeHostNames.ip) if (!edge.checkIP(ip)) return `edge certificate does not name ${ip}`;
  return undefined;
}

/** Writes key and certificate in a scratch folder, then moves both in: a crash never leaves a pair that does not match. */
function replacePair(scratch: string, name: 'ca' | 'edge', paths: LocalCaPaths): void {
  const [key, cert] = name === 'ca' ? [paths.caKey, paths.caCert] : [paths.edgeKey, paths.edgeCert];
  chmodSync(join(scratch, `${name}.key`), 0o600);
  chmodSync(join(scratch, `${name}.crt`), 0o644);
  renameSync(join(scratch, `${name}.key`), key);
  renameSync(join(scratch, `${name}.crt`), cert);
}

function createCa(scratch: string): void {
  openssl([
    'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(scratch, 'ca.key'), '-out', join(scratch, 'ca.crt'), '-days', String(caValidityDays), '-sha256',
    '-subj', caSubject,
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash',
  ]);
}

function issueEdge(scratch: string, caCert: string, caKey: string): void {
  const sans = [...edgeHostNames.dns.map((name) => `DNS:${name}`), ...edgeHostNames.ip.map((ip) => `IP:${ip}`)].join(',');
  const extensions = join(scratch, 'edge.ext');
  writeFileSync(extensions, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${sans}`,
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
  ].join('\n'));
  openssl([
    'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(scratch, 'edge.key'), '-out', join(scratch, 'edge.csr'), '-subj', '/O=Lynk/CN=localhost',
  ]);
  openssl([
    'x509', '-req', '-in', join(scratch, 'edge.csr'), '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-CAserial', join(scratch, 'ca.srl'),
    '-days', String(edgeValidityDays), '-sha256', '-extfile', extensions, '-out', join(scratch, 'edge.crt'),
  ]);
}

/**
 * Makes sure `certs/` holds a usable CA and an edge certificate it signed; returns the paths
 * and what changed. Needs the `openssl` CLI (Node's crypto parses certificates but cannot sign them).
 */
export function ensureLocalCa(options: { dir?: string; now?: number } = {}): LocalCaResult {
  const paths = localCaPaths(options.dir);
  const now = options.now ?? Date.now();
  mkdirSync(paths.dir, { recursive: true, mode: 0o755 });
  const scratch = mkdtempSync(join(paths.dir, '.issue-'));
  try {
    let issued: LocalCaResult['issued'] = 'none';
    const problemWithCa = caProblem(paths, now);
    if (problemWithCa) {
      createCa(scratch);
      replacePair(scratch, 'ca', paths);
      issued = 'ca-and-edge';
    }
    const ca = readCertificate(paths.caCert)!;
    const reason = problemWithCa ? `new CA (${problemWithCa})` : edgeProblem(paths, ca, now);
    if (reason) {
      issueEdge(scratch, paths.caCert, paths.caKey);
      replacePair(scratch, 'edge', paths);
      if (issued === 'none') issued = 'edge';
    }
    // Keys stay private even when an earlier run or a copy left them wider.
    chmodSync(paths.caKey, 0o600);
    chmodSync(paths.edgeKey, 0o600);
    return { ...paths, issued, ...(reason ? { reason } : {}) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
