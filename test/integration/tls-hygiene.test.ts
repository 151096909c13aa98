import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { policy } from '../../mesh/policy.ts';
import { loopback } from '../../mesh/src/launcher/ports.ts';
import { ensureSslyze } from '../support/sslyze.ts';
import { issueTestSvid } from '../support/test-svid.ts';

const run = promisify(execFile);

interface CipherSuiteResult {
  result?: { accepted_cipher_suites: Array<{ cipher_suite: { name: string } }> };
}

interface SslyzeReport {
  server_scan_results: Array<{ scan_status: string; scan_result: Record<string, CipherSuiteResult | undefined> }>;
}

const accepted = (report: SslyzeReport, scan: string) =>
  report.server_scan_results[0]!.scan_result[scan]?.result?.accepted_cipher_suites.map((suite) => suite.cipher_suite.name) ?? [];

describe('TLS hygiene of the mesh (sslyze)', { timeout: 300_000 }, () => {
  it('a sidecar speaks only TLS 1.2+ with forward-secret AEAD suites', async (t) => {
    const python = await ensureSslyze();
    // sslyze presents a real SVID of an allowed caller, so the scan gets past mTLS like a peer would.
    const svid = await issueTestSvid(policy.workload('auth').spiffeId, 300);
    const dir = mkdtempSync(join(tmpdir(), 'lynk-sslyze-'));
    try {
      writeFileSync(join(dir, 'cert.pem'), svid.cert);
      writeFileSync(join(dir, 'key.pem'), svid.key, { mode: 0o600 });
      const target = `${loopback}:${policy.inboundPort(policy.workload('postgres'))}`;
      await run(python, ['-m', 'sslyze', '--quiet', '--json_out', join(dir, 'report.json'), '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'),
        '--sslv2', '--sslv3', '--tlsv1', '--tlsv1_1', '--tlsv1_2', '--tlsv1_3', target], { timeout: 240_000 }).catch((error: { code?: number }) => {
        // sslyze exits non-zero when a check fails; the report still says what it found.
        if (error.code === undefined) throw error;
      });
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as SslyzeReport;
      assert.equal(report.server_scan_results[0]?.scan_status, 'COMPLETED');
      const findings = {
        sslv2: accepted(report, 'ssl_2_0_cipher_suites'),
        sslv3: accepted(report, 'ssl_3_0_cipher_suites'),
        tls10: accepted(report, 'tls_1_0_cipher_suites'),
        tls11: accepted(report, 'tls_1_1_cipher_suites'),
        tls12: accepted(report, 'tls_1_2_cipher_suites'),
        tls13: accepted(report, 'tls_1_3_cipher_suites'),
      };
      t.diagnostic(`sslyze findings for ${target}: ${JSON.stringify(findings)}`);
      assert.deepEqual([...findings.sslv2, ...findings.sslv3, ...findings.tls10, ...findings.tls11], [], 'nothing below TLS 1.2');
      assert.ok(findings.tls12.length > 0 && findings.tls13.length > 0, 'TLS 1.2 and 1.3 are offered');
      for (const suite of findings.tls12) assert.match(suite, /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/, `${suite} is forward secret and AEAD`);
    } finally {
      await svid.revoke();
    }
  });
});
