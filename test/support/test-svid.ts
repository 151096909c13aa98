import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { nodeSpiffeId, spireAgentSocketPath, spireServerSocketPath } from '../../mesh/src/mesh/spiffe.ts';
import { ensureTools } from '../../mesh/src/tools/bootstrap.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TestSvid {
  spiffeId: string;
  cert: string;
  key: string;
  /** The trust domain bundle: what a client must trust to verify a sidecar. */
  bundle: string;
  serial: string;
  validTo: Date;
  /** Deletes the registration entry: revocation by entry deletion. */
  revoke(): Promise<void>;
  /** Tries to fetch an SVID again from the agent; resolves false when none is issued any more. */
  canStillFetch(): Promise<boolean>;
}

async function binaries() {
  const tools = await ensureTools(undefined, { quiet: true });
  return { server: tools.binaries['spire-server']!, agent: tools.binaries['spire-agent']! };
}

/** Fetches this process's SVIDs and returns the files of the one for `spiffeId`, if issued. */
async function fetchOnce(agent: string, spiffeId: string, ttlSeconds?: number): Promise<{ cert: string; key: string; bundle: string } | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'lynk-svid-'));
  try {
    await run(agent, ['api', 'fetch', 'x509', '-socketPath', spireAgentSocketPath, '-write', dir, '-timeout', '3s']);
  } catch {
    return undefined;
  }
  // An entry deleted moments ago may still be served until the agent syncs: pick ours by its URI
  // SAN and, when asked, by its lifetime (SPIRE backdates NotBefore by 10 s).
  for (const file of readdirSync(dir).filter((name) => /^svid\.\d+\.pem$/.test(name))) {
    const index = file.split('.')[1];
    const cert = readFileSync(join(dir, file), 'utf8');
    const parsed = new X509Certificate(cert);
    const lifetimeSeconds = (Date.parse(parsed.validTo) - Date.parse(parsed.validFrom)) / 1000;
    if (parsed.subjectAltName !== `URI:${spiffeId}`) continue;
    if (ttlSeconds !== undefined && Math.abs(lifetimeSeconds - ttlSeconds - 10) > 5) continue;
    return { cert, key: readFileSync(join(dir, `svid.${index}.key`), 'utf8'), bundle: readFileSync(join(dir, `bundle.${index}.pem`), 'utf8') };
  }
  return undefined;
}

/**
 * Issues a real SVID for `spiffeId` to this test, the way SPIRE issues one to a sidecar: a
 * registration entry whose unix:path selector is the `spire-agent` binary the test runs.
 */
export async function issueTestSvid(spiffeId: string, ttlSeconds: number): Promise<TestSvid> {
  const { server, agent } = await binaries();
  const created = await run(server, [
    'entry', 'create', '-socketPath', spireServerSocketPath, '-parentID', nodeSpiffeId, '-spiffeID', spiffeId,
    '-selector', `unix:path:${agent}`, '-x509SVIDTTL', String(ttlSeconds), '-output', 'json',
  ]);
  const result = (JSON.parse(created.stdout) as { results: Array<{ status: { code: number; message: string }; entry: { id: string } }> }).results[0]!;
  // Never adopt (and later delete) an entry some other test created.
  if (result.status.code !== 0) throw new Error(`could not register a test identity for ${spiffeId}: ${result.status.message}`);
  const entryId = result.entry.id;
  // The agent learns new entries on its next sync (about every 5 s).
  let files: Awaited<ReturnType<typeof fetchOnce>>;
  for (let attempt = 0; attempt < 30 && !files; attempt += 1) {
    files = await fetchOnce(agent, spiffeId, ttlSeconds);
    if (!files) await sleep(1000);
  }
  if (!files) throw new Error(`the agent issued no SVID for ${spiffeId}`);
  const parsed = new X509Certificate(files.cert);
  return {
    spiffeId,
    ...files,
    serial: parsed.serialNumber,
    validTo: new Date(parsed.validTo),
    revoke: async () => {
      await run(server, ['entry', 'delete', '-socketPath', spireServerSocketPath, '-entryID', entryId]).catch(() => {});
    },
    canStillFetch: async () => (await fetchOnce(agent, spiffeId)) !== undefined,
  };
}
